// A real-size TU: Boost.Asio with a timer-driven TCP client, plus go-context
// code. One seeded leak (marked LEAK): lostcancel must report exactly 1.
#include <boost/asio.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "bench_context.h"

namespace asio = boost::asio;
using asio::ip::tcp;

class Client : public std::enable_shared_from_this<Client> {
public:
  Client(asio::io_context &io, const ctx::Context &parent)
      : socket_(io), timer_(io), parent_(parent) {}

  void start(const tcp::resolver::results_type &endpoints) {
    timer_.expires_after(std::chrono::seconds(5));
    auto self = shared_from_this();
    timer_.async_wait([self](boost::system::error_code ec) {
      if (!ec)
        self->socket_.close();
    });
    asio::async_connect(socket_, endpoints,
                        [self](boost::system::error_code ec, tcp::endpoint) {
                          if (!ec)
                            self->read();
                        });
  }

  int request(const std::string &line) {
    auto [c, cancel] = ctx::WithTimeout(parent_, ctx::Duration(200));
    if (line.empty())
      return -1; // LEAK: returns without cancel()
    boost::system::error_code ec;
    asio::write(socket_, asio::buffer(line), ec);
    cancel();
    return ec ? -2 : work(c, static_cast<int>(line.size()));
  }

private:
  void read() {
    auto self = shared_from_this();
    asio::async_read_until(socket_, buffer_, '\n',
                           [self](boost::system::error_code ec, std::size_t n) {
                             if (ec)
                               return;
                             self->buffer_.consume(n);
                             self->read();
                           });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  asio::streambuf buffer_;
  ctx::Context parent_;
};

int run(const ctx::Context &parent, const std::string &host) {
  auto [c, cancel] = ctx::WithCancel(parent);
  asio::io_context io;
  tcp::resolver resolver(io);
  boost::system::error_code ec;
  auto endpoints = resolver.resolve(host, "7", ec);
  if (ec) {
    cancel();
    return 1;
  }
  auto client = std::make_shared<Client>(io, c);
  client->start(endpoints);
  io.run_for(std::chrono::seconds(1));
  cancel();
  return 0;
}
