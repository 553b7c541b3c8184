// A minimal mock of googletest's test macros, in the shape of the real ones:
// TEST and TEST_F define a class derived (directly, or through the fixture)
// from testing::Test and the body of its `void TestBody() override`.
#pragma once

namespace testing {
class Test {
public:
  virtual ~Test() = default;
  virtual void SetUp() {}
  virtual void TearDown() {}

protected:
  virtual void TestBody() = 0;
};
} // namespace testing

#define MOCK_GTEST_CLASS_NAME_(suite, name) suite##_##name##_Test

#define MOCK_GTEST_TEST_(suite, name, parent)                                  \
  class MOCK_GTEST_CLASS_NAME_(suite, name) : public parent {                  \
  public:                                                                      \
    MOCK_GTEST_CLASS_NAME_(suite, name)() = default;                           \
                                                                               \
  private:                                                                     \
    void TestBody() override;                                                  \
  };                                                                           \
  void MOCK_GTEST_CLASS_NAME_(suite, name)::TestBody()

#define TEST(suite, name) MOCK_GTEST_TEST_(suite, name, ::testing::Test)
#define TEST_F(fixture, name) MOCK_GTEST_TEST_(fixture, name, fixture)
