// Host tests for the page set of memory objects (vm/pageset.c): lookups,
// dirty bits, iteration across leaves, node allocation failure, teardown,
// and a long random run checked against a flat model.

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vm/pageset.c"

static int nodes;        // nodes allocated and not freed
static int failnext;     // make the next psnodealloc fail

// The node allocator the kernel takes from kalloc: here calloc, counted.
void*
psnodealloc(void)
{
  if(failnext){
    failnext = 0;
    return NULL;
  }
  nodes++;
  return calloc(1, PSNODESIZE);
}

// Free a node psnodealloc gave.
void
psnodefree(void *node)
{
  nodes--;
  free(node);
}

// A fake page-aligned frame address for page i (never dereferenced).
static void*
frame(uint i)
{
  return (void*)((unsigned long)(i + 1) << 12);
}

static uint dropped;           // frames psclear handed to drop
static unsigned long dropsum;  // and the sum of their addresses

// psclear's callback: count the frame.
static void
drop(void *f)
{
  dropped++;
  dropsum += (unsigned long)f;
}

static void
test_empty(void **state)
{
  struct pageset s;

  psinit(&s);
  assert_null(psget(&s, 0));
  assert_null(psget(&s, PSMAX - 1));
  assert_null(psget(&s, PSMAX));
  assert_int_equal(psnext(&s, 0, 0), PSNONE);
  assert_int_equal(psnext(&s, 0, 1), PSNONE);
  assert_int_equal(psclean(&s, 5), 0);
  psdirty(&s, 5);
  assert_int_equal(psnext(&s, 0, 1), PSNONE);
  assert_int_equal(s.count, 0);
  assert_int_equal(nodes, 0);
}

static void
test_putget(void **state)
{
  struct pageset s;

  psinit(&s);
  assert_int_equal(psput(&s, 0, frame(0)), 0);
  assert_int_equal(psput(&s, PSLEAF - 1, frame(1)), 0);
  assert_int_equal(psput(&s, PSLEAF, frame(2)), 0);
  assert_int_equal(psput(&s, PSMAX - 1, frame(3)), 0);
  assert_int_equal(psput(&s, PSMAX, frame(4)), -1);
  assert_int_equal(nodes, 3);
  assert_int_equal(s.count, 4);
  assert_ptr_equal(psget(&s, 0), frame(0));
  assert_ptr_equal(psget(&s, PSLEAF - 1), frame(1));
  assert_ptr_equal(psget(&s, PSLEAF), frame(2));
  assert_ptr_equal(psget(&s, PSMAX - 1), frame(3));
  assert_null(psget(&s, 1));
  assert_null(psget(&s, PSLEAF + 1));
  dropped = 0;
  dropsum = 0;
  psclear(&s, drop);
  assert_int_equal(dropped, 4);
  assert_int_equal(dropsum, (unsigned long)frame(0) + (unsigned long)frame(1) +
                   (unsigned long)frame(2) + (unsigned long)frame(3));
  assert_int_equal(nodes, 0);
  assert_int_equal(s.count, 0);
  assert_null(psget(&s, 0));
}

static void
test_dirty(void **state)
{
  struct pageset s;

  psinit(&s);
  assert_int_equal(psput(&s, 7, frame(7)), 0);
  assert_int_equal(psput(&s, 3000, frame(3000)), 0);
  psdirty(&s, 3000);
  psdirty(&s, 8);   // absent: no effect
  assert_ptr_equal(psget(&s, 3000), frame(3000));
  assert_int_equal(psnext(&s, 0, 1), 3000);
  assert_int_equal(psnext(&s, 0, 0), 7);
  assert_int_equal(psnext(&s, 8, 0), 3000);
  assert_int_equal(psnext(&s, 3001, 0), PSNONE);
  assert_int_equal(psnext(&s, 0, 1), 3000);
  assert_int_equal(psclean(&s, 3000), 1);
  assert_int_equal(psclean(&s, 3000), 0);
  assert_int_equal(psnext(&s, 0, 1), PSNONE);
  assert_ptr_equal(psget(&s, 3000), frame(3000));
  psdirty(&s, 7);
  dropped = 0;
  dropsum = 0;
  psclear(&s, drop);
  assert_int_equal(dropped, 2);
  assert_int_equal(dropsum,
                   (unsigned long)frame(7) + (unsigned long)frame(3000));
  assert_int_equal(nodes, 0);
}

static void
test_nomem(void **state)
{
  struct pageset s;

  psinit(&s);
  failnext = 1;
  assert_int_equal(psput(&s, 5000, frame(5000)), -1);
  assert_int_equal(s.count, 0);
  assert_null(psget(&s, 5000));
  assert_int_equal(psnext(&s, 0, 0), PSNONE);
  assert_int_equal(psput(&s, 5000, frame(5000)), 0);
  assert_int_equal(psput(&s, 5001, frame(5001)), 0);   // same leaf
  assert_int_equal(nodes, 1);
  psclear(&s, drop);
  assert_int_equal(nodes, 0);
}

#define NSTEPS 200000
static unsigned long model[PSMAX];   // frame | dirty per page, as pageset keeps

// A random index, most of them in a few leaves so that pages collide.
static uint
anyindex(void)
{
  return rand() % 4 == 0 ? (uint)rand() % PSMAX : (uint)rand() % (3 * PSLEAF);
}

static void
test_random(void **state)
{
  struct pageset s;
  uint i, j, n = 0, k;

  srand(11);
  memset(model, 0, sizeof(model));
  psinit(&s);
  for(k = 0; k < NSTEPS; k++){
    i = anyindex();
    switch(rand() % 4){
    case 0:
      if(model[i] == 0){
        assert_int_equal(psput(&s, i, frame(i)), 0);
        model[i] = (unsigned long)frame(i);
        n++;
      }
      break;
    case 1:
      psdirty(&s, i);
      if(model[i] != 0)
        model[i] |= 1;
      break;
    case 2:
      assert_int_equal(psclean(&s, i), (int)(model[i] & 1));
      model[i] &= ~1UL;
      break;
    default:
      for(j = i; j < PSMAX && !(model[j] & (k % 2 ? 1 : ~0UL)); j++)
        ;
      assert_int_equal(psnext(&s, i, k % 2), j < PSMAX ? j : PSNONE);
    }
    assert_ptr_equal(psget(&s, i), (void*)(model[i] & ~1UL));
  }
  assert_int_equal(s.count, n);
  dropped = 0;
  psclear(&s, drop);
  assert_int_equal(dropped, n);
  assert_int_equal(nodes, 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_empty),
    cmocka_unit_test(test_putget),
    cmocka_unit_test(test_dirty),
    cmocka_unit_test(test_nomem),
    cmocka_unit_test(test_random),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
