// Random streams keyed by (experiment seed, environment id, replicate, role, substream).
//
// Every number drawn is a function of its key and its index in the stream (DESIGN §4). A stream
// is a xoshiro256++ generator whose 256-bit state is one Philox4x64-10 block computed at the key
// (Random123): Philox makes the streams independent of each other and addressable without any
// shared state, xoshiro makes each draw cost about a nanosecond. docs/design-notes.md records the
// measurement behind that choice. No std:: engines or distributions are used anywhere.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace regretlab::random {

// GCC and Clang's 128-bit integer; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef unsigned __int128 Uint128;

// Who consumes a stream. The environment stream does not include the algorithm, so every
// algorithm of a cell group faces the same rewards (common random numbers).
enum class Role : uint32_t {
  kEnvironment = 1,  // rewards, contexts, adversary
  kLearner = 2,      // action sampling
  kInit = 3,         // network weights and other initial draws
  kSimulator = 4,    // rollouts
  kAnalysis = 5,     // bootstrap resampling in the analysis
};

struct StreamKey {
  uint64_t seed = 0;            // the experiment seed
  uint64_t environment_id = 0;  // stable hash of the environment's canonical text
  uint64_t replicate = 0;       // global replicate index within the cell
  Role role = Role::kEnvironment;
  uint32_t substream = 0;  // e.g. the arm whose reward stack this is
};

// One Philox4x64-10 block: key = {seed, environment_id}, counter = {replicate, role:substream,
// block, 0}. Exposed so tests can check Random123's known-answer vectors through our key layout.
inline std::array<uint64_t, 4> PhiloxBlock(const StreamKey& key, uint64_t block) {
  using Philox = r123::Philox4x64;
  Philox generator;
  Philox::key_type philox_key = {{key.seed, key.environment_id}};
  const uint64_t role_word = (static_cast<uint64_t>(key.role) << 32) | key.substream;
  Philox::ctr_type counter = {{key.replicate, role_word, block, 0}};
  Philox::ctr_type out = generator(counter, philox_key);
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

// xoshiro256++ (Blackman & Vigna 2018) seeded from the Philox block at the key.
class Rng {
 public:
  explicit Rng(const StreamKey& key) { Seed(key); }
  Rng() = default;

  void Seed(const StreamKey& key) {
    const auto block = PhiloxBlock(key, 0);
    for (int i = 0; i < 4; ++i) state_[i] = block[i];
    // The all-zero state is the one xoshiro cannot leave; Philox gives it with probability 2^-256,
    // but guard anyway so the generator is total.
    if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0) state_[0] = 0x9e3779b97f4a7c15ull;
  }

  uint64_t NextU64() {
    const uint64_t result = Rotl(state_[0] + state_[3], 23) + state_[0];
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform on [0, 1) with 53 random bits.
  double Uniform01() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe for log().
  double UniformOpen0() { return static_cast<double>((NextU64() >> 11) + 1) * 0x1.0p-53; }

  // Uniform integer in [0, bound) by Lemire's multiply-and-reject (unbiased).
  uint64_t UniformInt(uint64_t bound) {
    Uint128 product = static_cast<Uint128>(NextU64()) * bound;
    uint64_t low = static_cast<uint64_t>(product);
    if (low < bound) {
      const uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        product = static_cast<Uint128>(NextU64()) * bound;
        low = static_cast<uint64_t>(product);
      }
    }
    return static_cast<uint64_t>(product >> 64);
  }

  const std::array<uint64_t, 4>& state() const { return state_; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> state_{};
};

}  // namespace regretlab::random
