//===--- FlowState.h - lostcancel ------------------------------*- C++ -*-===//
//
// The lattice of the scope analysis: the per-site, per-slot and per-status
// bits that may hold at a program point, stored sparsely, and their join
// (set union, so a state says "is there a path on which ..."). The transfer
// functions (Solver.h) move states through the CFG; the recorder
// (Recorder.h) reads them.
//
//===----------------------------------------------------------------------===//

#ifndef LOSTCANCEL_ANALYSIS_FLOWSTATE_H
#define LOSTCANCEL_ANALYSIS_FLOWSTATE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <utility>

namespace clang::tidy::lostcancel {

/// Per-site state bits of the may-analysis.
enum StateBit : uint8_t {
  Absent = 1,      ///< not created on this path (or its leak was recorded)
  Live = 2,        ///< created and not yet released or transferred
  LiveGuarded = 4, ///< live, but a by-reference guard releases it at scope end
  Released = 8,
  Transferred = 16,
  Gone = 32, ///< no longer in its slot: a new handle was assigned over it
};
constexpr uint8_t AnyLive = Live | LiveGuarded;
/// The slot still holds the site's handle (in whatever state).
constexpr uint8_t InSlot = AnyLive | Released | Transferred;

/// Per-slot guard bits: may a by-reference guard cover the slot here?
enum GuardBit : uint8_t { Guarded = 1, Unguarded = 2 };

/// Per-site status bits: does the site's result variable (`rc`, `fd`) still
/// hold the creation's outcome, so that testing it tests the creation?
enum StatusBit : uint8_t { Held = 1, NotHeld = 2 };

/// Bits per index (site or slot), stored only where they differ from a
/// default: a state holds the handles that are alive or were touched in
/// their variable's scope, not every site of the function, so the cost of a
/// block is that of the handles in scope there and a long function with many
/// scoped handles stays linear.
class SparseBits {
public:
  explicit SparseBits(uint8_t Default) : Default(Default) {}
  using Entry = std::pair<int, uint8_t>;

  uint8_t get(int I) const {
    auto It = find(I);
    return It != Entries.end() && It->first == I ? It->second : Default;
  }
  void set(int I, uint8_t Bits) {
    auto It = find(I);
    bool Present = It != Entries.end() && It->first == I;
    if (Bits == Default) {
      if (Present)
        Entries.erase(It);
    } else if (Present) {
      It->second = Bits;
    } else {
      Entries.insert(It, {I, Bits});
    }
  }
  /// Replaces each stored entry's bits by \p F(index, bits); entries that
  /// become the default are dropped. Default entries are left alone, so \p F
  /// must map the default to itself.
  template <typename Fn> void transform(Fn F) {
    for (Entry &E : Entries)
      E.second = F(E.first, E.second);
    llvm::erase_if(Entries,
                   [&](const Entry &E) { return E.second == Default; });
  }
  /// The indices whose bits differ from the default, in order.
  llvm::SmallVector<int, 8> indices() const {
    llvm::SmallVector<int, 8> Out;
    for (const Entry &E : Entries)
      Out.push_back(E.first);
    return Out;
  }
  llvm::ArrayRef<Entry> entries() const { return Entries; }
  /// Bitwise or, index by index; returns whether anything changed.
  bool joinWith(const SparseBits &Other) {
    llvm::SmallVector<Entry, 8> Joined;
    bool Changed = false;
    auto A = Entries.begin(), AE = Entries.end();
    auto B = Other.Entries.begin(), BE = Other.Entries.end();
    while (A != AE || B != BE) {
      if (B == BE || (A != AE && A->first < B->first)) {
        Joined.push_back({A->first, uint8_t(A->second | Other.Default)});
        Changed |= Joined.back().second != A->second;
        ++A;
      } else if (A == AE || B->first < A->first) {
        uint8_t Bits = Default | B->second;
        if (Bits != Default) {
          Joined.push_back({B->first, Bits});
          Changed = true;
        }
        ++B;
      } else {
        Joined.push_back({A->first, uint8_t(A->second | B->second)});
        Changed |= Joined.back().second != A->second;
        ++A;
        ++B;
      }
    }
    if (Changed)
      Entries = std::move(Joined);
    return Changed;
  }

private:
  llvm::SmallVector<Entry, 4>::iterator find(int I) {
    return llvm::lower_bound(
        Entries, I, [](const Entry &E, int Index) { return E.first < Index; });
  }
  llvm::SmallVector<Entry, 4>::const_iterator find(int I) const {
    return llvm::lower_bound(
        Entries, I, [](const Entry &E, int Index) { return E.first < Index; });
  }

  llvm::SmallVector<Entry, 4> Entries;
  uint8_t Default;
};

/// The state at a program point; a point no path reaches has Reached unset
/// (the bottom of the lattice) and its bits mean nothing.
///
/// Extension point, path conditions (SPEC §7.14, not implemented): the
/// values of the branch conditions tested on the way would be carried here,
/// alongside the handle states (property simulation: paths that reach the
/// same handle state merge), and joinWith would merge them; the edge
/// transfer (TransferFunctions::edge) is where a tested condition's value
/// would be set.
struct FlowState {
  SparseBits Sites{Absent};
  SparseBits Slots{Unguarded};
  SparseBits Status{NotHeld};
  bool Reached = false;

  bool joinWith(const FlowState &Other) {
    if (!Other.Reached)
      return false;
    if (!Reached) {
      *this = Other;
      return true;
    }
    bool Changed = Sites.joinWith(Other.Sites);
    Changed |= Slots.joinWith(Other.Slots);
    Changed |= Status.joinWith(Other.Status);
    return Changed;
  }
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_FLOWSTATE_H
