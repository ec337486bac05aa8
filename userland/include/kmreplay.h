// The kmreplay benchmark call: a trace of kernel heap operations replayed
// inside one system call, with each operation's cost. Shared by the kernel
// and user programs.
#ifndef MODX6_KMREPLAY_H
#define MODX6_KMREPLAY_H

#define KMR_MAXOPS   65536   // most operations in one trace
#define KMR_MAXSLOTS 16384   // slots are 0..KMR_MAXSLOTS-1
#define KMR_MAXSIZE  4096    // largest allocation: the trace holds 64 MiB at most

// One operation: size > 0 allocates size bytes into slot, which must be
// empty; size 0 frees the block in slot (nothing, if the slot is empty).
struct kmrop {
  uint slot;
  uint size;
};

// What a replay reports besides the per-operation costs. Costs are in
// time-stamp counter ticks with the cost of an empty measurement taken
// off; byte figures are above the heap's level when the replay began.
struct kmrres {
  uint overhead;      // ticks of an empty measurement, already subtracted
  uint fails;         // allocations that returned NULL
  uint peak_live;     // most bytes requested and not yet freed
  uint peak_held;     // most bytes of pages the heap held
  uint pages_before;  // free pages at the start, after a reap
  uint pages_after;   // free pages at the end, after freeing and a reap
};

// Replay the n operations at ops, writing each one's cost to costs[i]
// and the totals to *res. Every block still live at the end is freed.
// 0, or -1 for a bad pointer, a trace longer than KMR_MAXOPS, a slot or
// size out of range, or an allocation into a live slot.
// A NULL res replays alone: no figures and no kmreap before or after
// (a reap parks every other CPU), for runs on several CPUs at once.
int kmreplay(const struct kmrop *ops, uint n, uint *costs, struct kmrres *res);

#endif
