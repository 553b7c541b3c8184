//===--- FlowState.h - lostcancel ------------------------------*- C++ -*-===//
//
// The lattice of the scope analysis, after property simulation (SPEC
// §7.14; Das, Lerner, Seigle, "ESP", PLDI 2002). A program point holds a
// few path states. Each has a *handle state* (the per-site and per-slot
// bits that may hold, stored sparsely, joined by set union) and *path
// facts* (what the paths that reach it agree on: the values of branch
// conditions and of variables given a constant, and which result variables
// still hold a creation's outcome). Paths that reach a point with the same
// handle state are merged, keeping the facts they agree on; paths with
// different handle states are kept apart, up to MaxPathStates per point,
// beyond which they are joined. The transfer functions (Solver.h) move
// states through the CFG; the recorder (Recorder.h) reads them.
//
// Cost: a point's value only grows (a path state is added, its facts
// shrink, or its bits grow), so the number of times a block is revisited is
// bounded by MaxPathStates x (conditions + variables + lattice height), and
// the whole analysis is O(blocks x MaxPathStates x (conditions + sites))
// block applications: polynomial, whatever the number of paths.
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
  /// Released by a guard holding a copy of it, which may still be
  /// dismissed (SPEC §7.18): live again if it is.
  GuardHeld = 64,
  /// Passed to a function that keeps it only when it succeeds (SPEC §8.2):
  /// live again on the edge that tests the call as failed, transferred on
  /// the one that tests it as succeeded; a transfer anywhere else.
  Pending = 128,
};
constexpr uint8_t AnyLive = Live | LiveGuarded;
/// The slot still holds the site's handle (in whatever state).
constexpr uint8_t InSlot =
    AnyLive | Released | Transferred | GuardHeld | Pending;

/// Per-slot guard bits: may a by-reference guard cover the slot here?
enum GuardBit : uint8_t { Guarded = 1, Unguarded = 2 };

/// Bits per index (site or slot), stored only where they differ from a
/// default: a state holds the handles that are alive or were touched in
/// their variable's scope, not every site of the function, so the cost of a
/// block is that of the handles in scope there and a long function with many
/// scoped handles stays linear. \p Inline entries are kept without an
/// allocation (a state is copied at every edge, and one is kept per block
/// and path).
template <unsigned Inline> class SparseBits {
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
  bool operator==(const SparseBits &Other) const {
    return Default == Other.Default && Entries == Other.Entries;
  }
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
  typename llvm::SmallVector<Entry, Inline>::iterator find(int I) {
    return llvm::lower_bound(
        Entries, I, [](const Entry &E, int Index) { return E.first < Index; });
  }
  typename llvm::SmallVector<Entry, Inline>::const_iterator find(int I) const {
    return llvm::lower_bound(
        Entries, I, [](const Entry &E, int Index) { return E.first < Index; });
  }

  llvm::SmallVector<Entry, Inline> Entries;
  uint8_t Default;
};

/// A sorted map from small integer keys to values, for the path facts.
template <typename ValueT, unsigned Inline> class FactMap {
public:
  using Entry = std::pair<int, ValueT>;

  const ValueT *get(int Key) const {
    auto It = find(Key);
    return It != Entries.end() && It->first == Key ? &It->second : nullptr;
  }
  void set(int Key, ValueT Value) {
    auto It = find(Key);
    if (It != Entries.end() && It->first == Key)
      It->second = Value;
    else
      Entries.insert(It, {Key, Value});
  }
  void erase(int Key) {
    auto It = find(Key);
    if (It != Entries.end() && It->first == Key)
      Entries.erase(It);
  }
  bool operator==(const FactMap &Other) const {
    return Entries == Other.Entries;
  }
  /// Keeps only the entries \p Other has with the same value; returns
  /// whether anything was dropped.
  bool intersectWith(const FactMap &Other) {
    size_t Before = Entries.size();
    llvm::erase_if(Entries, [&](const Entry &E) {
      const ValueT *V = Other.get(E.first);
      return !V || !(*V == E.second);
    });
    return Entries.size() != Before;
  }

private:
  typename llvm::SmallVector<Entry, Inline>::iterator find(int Key) {
    return llvm::lower_bound(Entries, Key,
                             [](const Entry &E, int K) { return E.first < K; });
  }
  typename llvm::SmallVector<Entry, Inline>::const_iterator
  find(int Key) const {
    return llvm::lower_bound(Entries, Key,
                             [](const Entry &E, int K) { return E.first < K; });
  }

  llvm::SmallVector<Entry, Inline> Entries;
};

/// What every path merged into a path state agrees on.
struct PathFacts {
  /// The value of each remembered branch condition (PathConditions keys).
  FactMap<bool, 1> Conditions;
  /// The value of each stable variable last given a constant.
  FactMap<int64_t, 0> Values;
  /// The sites whose result variable still holds their outcome (SPEC
  /// §7.7): a status test of that variable tests the creation.
  FactMap<bool, 1> Held;

  bool operator==(const PathFacts &Other) const {
    return Conditions == Other.Conditions && Values == Other.Values &&
           Held == Other.Held;
  }
  bool intersectWith(const PathFacts &Other) {
    bool Changed = Conditions.intersectWith(Other.Conditions);
    Changed |= Values.intersectWith(Other.Values);
    Changed |= Held.intersectWith(Other.Held);
    return Changed;
  }
};

/// One path state: a handle state and the facts of the paths that reach it.
struct FlowState {
  // Sized for the common case: a few sites in scope, no guarded slot, at
  // most one remembered condition, no known value, no held outcome.
  SparseBits<4> Sites{Absent};
  SparseBits<1> Slots{Unguarded};
  PathFacts Facts;

  bool sameHandles(const FlowState &Other) const {
    return Sites == Other.Sites && Slots == Other.Slots;
  }
  /// Joins \p Other in: the union of the handle states, the facts both
  /// have. Returns whether anything changed.
  bool joinWith(const FlowState &Other) {
    bool Changed = Sites.joinWith(Other.Sites);
    Changed |= Slots.joinWith(Other.Slots);
    Changed |= Facts.intersectWith(Other.Facts);
    return Changed;
  }
};

/// At most this many path states are kept apart at a program point (a
/// function whose paths reach a point in more handle states than this is
/// analysed with those paths joined: less precise, never slower).
constexpr unsigned MaxPathStates = 8;

/// The path states at a program point; none when no path reaches it (the
/// bottom of the lattice).
struct PointState {
  llvm::SmallVector<FlowState, 1> Paths;

  bool reached() const { return !Paths.empty(); }
  /// Adds a path state: merged into the one with the same handle state,
  /// else kept apart; at the bound, joined into one whose paths know the
  /// same facts (losing only handle precision), else into the last.
  /// Returns whether the point's value changed.
  bool add(FlowState Path) {
    for (FlowState &Known : Paths)
      if (Known.sameHandles(Path))
        return Known.Facts.intersectWith(Path.Facts);
    if (Paths.size() < MaxPathStates) {
      Paths.push_back(std::move(Path));
      return true;
    }
    for (FlowState &Known : Paths)
      if (Known.Facts == Path.Facts)
        return Known.joinWith(Path);
    return Paths.back().joinWith(Path);
  }
};

} // namespace clang::tidy::lostcancel

#endif // LOSTCANCEL_ANALYSIS_FLOWSTATE_H
