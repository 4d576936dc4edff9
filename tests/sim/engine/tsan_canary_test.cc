// A deliberate data race, run only by the ThreadSanitizer stage (tools/test_sanitizers.sh), which
// requires ThreadSanitizer to report it. It checks that the stage's set-up (a TSan-built libtbb,
// no suppressions, reports collected from files) does see a race in our own code on TBB's worker
// threads: here two iterations of a tbb::parallel_for body write one plain variable at the same
// time. Hidden ([.]): never part of the default suite.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

namespace {

// Not atomic, no lock: the race the sanitizer must see.
long racy_counter = 0;

}  // namespace

TEST_CASE("tsan canary: an unsynchronised write in a parallel_for body", "[.tsan_canary]") {
  std::atomic<int> arrived{0};
  tbb::task_arena arena(2);
  arena.execute([&] {
    tbb::parallel_for(
        0, 2,
        [&](int) {
          // Both iterations wait for each other (up to 10 s), so they run on two threads at once.
          arrived.fetch_add(1);
          const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
          while (arrived.load() < 2 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::yield();
          }
          racy_counter = racy_counter + 1;
        },
        tbb::simple_partitioner());
  });
  CHECK(arrived.load() == 2);
}
