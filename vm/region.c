// The regions of an address space's mmap window, and the gap queries the
// placement policies (vm/place.c) are built on. Pure logic: no allocation,
// no kernel calls, also built on the host.
//
// Theory. The regions of a tree are disjoint, page-aligned, nonempty
// ranges inside the window [lo, hi), kept in an AVL tree ordered by
// address: the regions of a node's left subtree end at or below its start,
// those of its right subtree start at or above its end, and the heights
// of two siblings differ by at most one, so the tree is at most about
// 1.44 log2(n) deep. Each node also sums up its subtree: lo, the lowest
// start; hi, the highest end; gap, the largest hole between two
// consecutive regions of the subtree. A summary depends only on the node's
// own range and its children's summaries, so an insert, a remove or a
// rotation refreshes the summaries on one path to the root. They make
// every gap query a single descent: the free room of a subtree placed between
// bounds lb and ub is the largest of lo - lb, gap and ub - hi, so a search
// can tell which side of a node holds a fit without looking inside it.
// The caller owns the nodes: this file never allocates or frees, and a
// node stays where it is while in the tree, so the kernel may keep
// pointers to regions across inserts and removes of other regions.
// Locking: none. The caller serializes all calls on one tree, lookups
// included, with the lock that guards the address space.

#include "types.h"
#include "mmu.h"
#include "vm/region.h"

// A subtree n together with the bounds [lb, ub) of the space it sits in:
// the holes it leaves there are free. lb == 0 marks no span.
struct span {
  struct region *n;
  uint lb;
  uint ub;
};

// The larger of a and b.
static uint
umax(uint a, uint b)
{
  return a > b ? a : b;
}

// The height of subtree n; 0 for an empty one.
static int
height(struct region *n)
{
  return n != NULL ? n->height : 0;
}

// The largest free run in [lb, ub) outside the regions of subtree n.
static uint
room(struct region *n, uint lb, uint ub)
{
  if(n == NULL)
    return ub - lb;
  return umax(umax(n->lo - lb, n->gap), ub - n->hi);
}

// Recompute n's height and summary from its children's.
static void
update(struct region *n)
{
  struct region *l = n->left, *r = n->right;

  n->height = 1 + (height(l) > height(r) ? height(l) : height(r));
  n->lo = l != NULL ? l->lo : n->start;
  n->hi = r != NULL ? r->hi : n->end;
  n->gap = 0;
  if(l != NULL)
    n->gap = umax(l->gap, n->start - l->hi);
  if(r != NULL)
    n->gap = umax(n->gap, umax(r->gap, r->lo - n->end));
}

// Put c (possibly NULL) where old hangs in t, under old's parent.
static void
replace(struct rtree *t, struct region *old, struct region *c)
{
  struct region *p = old->parent;

  if(p == NULL)
    t->root = c;
  else if(p->left == old)
    p->left = c;
  else
    p->right = c;
  if(c != NULL)
    c->parent = p;
}

// Rotate n's right child up into n's place; return that child.
static struct region*
rotleft(struct rtree *t, struct region *n)
{
  struct region *c = n->right;

  n->right = c->left;
  if(c->left != NULL)
    c->left->parent = n;
  replace(t, n, c);
  c->left = n;
  n->parent = c;
  update(n);
  update(c);
  return c;
}

// Rotate n's left child up into n's place; return that child.
static struct region*
rotright(struct rtree *t, struct region *n)
{
  struct region *c = n->left;

  n->left = c->right;
  if(c->right != NULL)
    c->right->parent = n;
  replace(t, n, c);
  c->right = n;
  n->parent = c;
  update(n);
  update(c);
  return c;
}

// Refresh n and restore the AVL balance there, whose children are
// balanced; return the node now at n's place.
static struct region*
balance(struct rtree *t, struct region *n)
{
  int bf;

  update(n);
  bf = height(n->left) - height(n->right);
  if(bf > 1){
    if(height(n->left->left) < height(n->left->right))
      rotleft(t, n->left);
    return rotright(t, n);
  }
  if(bf < -1){
    if(height(n->right->right) < height(n->right->left))
      rotright(t, n->right);
    return rotleft(t, n);
  }
  return n;
}

// Rebalance and refresh from n up to the root. Every node on the way
// needs its summary redone, so the walk does not stop early.
static void
fixup(struct rtree *t, struct region *n)
{
  while(n != NULL)
    n = balance(t, n)->parent;
}

// The lowest region of subtree n.
static struct region*
leftmost(struct region *n)
{
  while(n->left != NULL)
    n = n->left;
  return n;
}

// Make t an empty tree over the window [lo, hi).
void
rtinit(struct rtree *t, uint lo, uint hi)
{
  t->root = NULL;
  t->lo = lo;
  t->hi = hi;
  t->count = 0;
}

// Whether r is a range t may hold at all: nonempty, aligned, in the window.
static int
valid(struct rtree *t, struct region *r)
{
  return r->start < r->end && ((r->start | r->end) & (PGSIZE - 1)) == 0 &&
         r->start >= t->lo && r->end <= t->hi;
}

// Add r to t; -1, changing nothing, if r is malformed or overlaps.
int
rtinsert(struct rtree *t, struct region *r)
{
  struct region **link, *p;

  if(!valid(t, r))
    return -1;
  // Descending past a node means r lies wholly on one side of it and of
  // the subtree on that side, so a clean descent proves r overlaps nothing.
  p = NULL;
  link = &t->root;
  while(*link != NULL){
    p = *link;
    if(r->end <= p->start)
      link = &p->left;
    else if(r->start >= p->end)
      link = &p->right;
    else
      return -1;
  }
  r->left = r->right = NULL;
  r->parent = p;
  *link = r;
  t->count++;
  fixup(t, r);
  return 0;
}

// Move r's successor s into r's place, r having two children; return
// the lowest node whose subtree changed.
static struct region*
splice(struct rtree *t, struct region *r)
{
  struct region *s = leftmost(r->right), *from = s;

  if(s->parent != r){
    from = s->parent;
    replace(t, s, s->right);
    s->right = r->right;
    s->right->parent = s;
  }
  s->left = r->left;
  s->left->parent = s;
  replace(t, r, s);
  return from;
}

// Take r out of t; only the nodes on its path move.
void
rtremove(struct rtree *t, struct region *r)
{
  struct region *from;

  if(r->left != NULL && r->right != NULL){
    from = splice(t, r);
  } else {
    from = r->parent;
    replace(t, r, r->left != NULL ? r->left : r->right);
  }
  t->count--;
  fixup(t, from);
}

// The region of t holding va, or NULL.
struct region*
rtlookup(struct rtree *t, uint va)
{
  struct region *n = t->root;

  while(n != NULL){
    if(va < n->start)
      n = n->left;
    else if(va >= n->end)
      n = n->right;
    else
      return n;
  }
  return NULL;
}

// The lowest region of t ending above va, or NULL.
struct region*
rtceil(struct rtree *t, uint va)
{
  struct region *n, *best = NULL;

  // Disjoint sorted ranges have sorted ends too, so this is a plain
  // search for the lowest end above va.
  for(n = t->root; n != NULL; ){
    if(n->end > va){
      best = n;
      n = n->left;
    } else {
      n = n->right;
    }
  }
  return best;
}

// The lowest region of t, or NULL.
struct region*
rtfirst(struct rtree *t)
{
  return t->root != NULL ? leftmost(t->root) : NULL;
}

// The region after r, or NULL.
struct region*
rtnext(struct region *r)
{
  if(r->right != NULL)
    return leftmost(r->right);
  while(r->parent != NULL && r->parent->right == r)
    r = r->parent;
  return r->parent;
}

// Whether [start, start+len) is nonempty, in the window and unmapped.
int
rtisfree(struct rtree *t, uint start, uint len)
{
  struct region *r;

  if(len == 0 || start < t->lo || start >= t->hi || t->hi - start < len)
    return 0;
  r = rtceil(t, start);
  return r == NULL || r->start >= start + len;
}

// The lowest start of len free bytes in span s, which must have the room.
// Each step keeps the invariant that the current span has room for len;
// its upper bound never matters, as the lower side is always tried first.
static uint
lowest(struct span s, uint len)
{
  struct region *n;

  for(n = s.n; n != NULL; ){
    if(room(n->left, s.lb, n->start) >= len){
      n = n->left;
    } else {
      s.lb = n->end;
      n = n->right;
    }
  }
  return s.lb;
}

// The highest start of len free bytes in span s, which must have the room;
// the mirror image of lowest.
static uint
highest(struct span s, uint len)
{
  struct region *n;

  for(n = s.n; n != NULL; ){
    if(room(n->right, n->end, s.ub) >= len){
      n = n->right;
    } else {
      s.ub = n->start;
      n = n->left;
    }
  }
  return s.ub - len;
}

// Walk the path of h and set *below to the highest span starting at or
// below h with room for len, *above to the lowest starting above h.
// The path cuts the window into the subtrees hanging off it and the hole
// where the walk ends. Those hung while turning right lie below h, each
// higher than the last, then comes the hole, whose start is at most h;
// those hung while turning left lie above h, each lower than the last.
static void
split(struct rtree *t, uint h, uint len, struct span *below,
      struct span *above)
{
  struct span s = { t->root, t->lo, t->hi };
  struct region *n;

  *below = *above = (struct span){ NULL, 0, 0 };
  for(n = s.n; n != NULL; ){
    if(n->end > h){
      if(room(n->right, n->end, s.ub) >= len)
        *above = (struct span){ n->right, n->end, s.ub };
      s.ub = n->start;
      n = n->left;
    } else {
      if(room(n->left, s.lb, n->start) >= len)
        *below = (struct span){ n->left, s.lb, n->start };
      s.lb = n->end;
      n = n->right;
    }
  }
  if(s.ub - s.lb >= len)
    *below = (struct span){ NULL, s.lb, s.ub };
}

// The highest free start for len bytes at or below h and the lowest one
// above h, 0 where there is none. [h, h+len) must not be free, so that no
// fit in the spans below h starts above h: the highest one there is the
// closest. Only the two spans from split can hold the answers.
void
rtaround(struct rtree *t, uint h, uint len, uint *below, uint *above)
{
  struct span b, a;

  *below = *above = 0;
  if(len == 0)
    return;
  split(t, h, len, &b, &a);
  if(b.lb != 0)
    *below = highest(b, len);
  if(a.lb != 0)
    *above = lowest(a, len);
}

// The lowest free start for len bytes in the window, or 0.
uint
rtlowfit(struct rtree *t, uint len)
{
  struct span s = { t->root, t->lo, t->hi };

  if(len == 0 || room(s.n, s.lb, s.ub) < len)
    return 0;
  return lowest(s, len);
}

// Copy r into s and split the range at va: r below, s from va up.
void
rtsplit(struct region *r, uint va, struct region *s)
{
  *s = *r;
  s->left = s->right = s->parent = NULL;
  rtadvance(s, va);
  r->end = va;
}

// Move r's start up to va, and the page offset of its backing with it.
void
rtadvance(struct region *r, uint va)
{
  r->pgoff += (va - r->start) / PGSIZE;
  r->start = va;
}
