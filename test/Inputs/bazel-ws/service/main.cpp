#include "service/client.h"
#include "service/server.h"

int main() {
  ctx::Context background;
  return fetch(background) && probe(background) ? serve(background) : 1;
}
