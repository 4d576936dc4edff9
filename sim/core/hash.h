// Stable 64-bit hashing of canonical text. Ids of cells, environments and work units are hashes of
// canonical text, so they are the same on every machine and every run (DESIGN §1.2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace regretlab::core {

// FNV-1a, 64 bit, followed by a SplitMix64 finaliser so that nearby strings spread over all bits.
constexpr uint64_t StableHash64(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ull;
  }
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return hash;
}

// 16 lower-case hex digits.
std::string HexId(uint64_t value);

}  // namespace regretlab::core
