// A minimal mock of cpprestsdk's pplx cancellation tokens: the names and
// shapes the pplx profile knows (register_callback is a const member
// template returning a registration; deregister_callback takes it by const
// reference).
#pragma once

namespace pplx {

class cancellation_token_registration {
public:
  cancellation_token_registration() = default;
  bool operator==(const cancellation_token_registration &other) const {
    return id_ == other.id_;
  }
  bool operator!=(const cancellation_token_registration &other) const {
    return !(*this == other);
  }

private:
  friend class cancellation_token;
  explicit cancellation_token_registration(int id) : id_(id) {}
  int id_ = 0;
};

class cancellation_token {
public:
  static cancellation_token none() { return cancellation_token(); }
  bool is_cancelable() const { return true; }
  bool is_canceled() const { return false; }

  template <typename Function>
  cancellation_token_registration register_callback(const Function &f) const {
    (void)f;
    return cancellation_token_registration(1);
  }
  void deregister_callback(const cancellation_token_registration &r) const;
};

class cancellation_token_source {
public:
  cancellation_token get_token() const { return cancellation_token(); }
  void cancel() const;
};

} // namespace pplx
