# report.awk: turn what scripts/bench.sh gathered into bench/results.md
# (on stdout) and the data files bench/plots.gp draws (in raw).
# Input lines, each "TAG key=value ...": INFO (machine and run), BENCH
# (stress in the guest, tagged conf=), REPEAT (the second boot), HOST
# (ns per operation, one line per timing run) and COUNT (callgrind).
# Variables: quick, kmlives, mmlives, raw, repconf. Exits 1 if a check failed.

# Split the current line's key=value fields into F.
function parse(   i, p) {
  split("", F)
  for (i = 2; i <= NF; i++) {
    p = index($i, "=")
    if (p > 0)
      F[substr($i, 1, p - 1)] = substr($i, p + 1)
  }
}

# Record a failed check of kind what ("pages", "trace" or "other").
function fail(what, msg) {
  failmsg[++nfail] = msg
  nkind[what]++
}

# The median of the numbers in the space-separated list s.
function median(s,   a, n, i, j, t) {
  n = split(s, a, " ")
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
      t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
    }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

# x with one decimal, or "n/a" when it was not measured.
function f1(x) {
  return x == "" ? "n/a" : sprintf("%.1f", x)
}

# x with two decimals, or "n/a".
function f2(x) {
  return x == "" ? "n/a" : sprintf("%.2f", x)
}

# x as a ratio ("1.23x"), or "n/a".
function fx(x) {
  return x == "" ? "n/a" : sprintf("%.2fx", x)
}

# a / b, or "" when either is missing or b is 0.
function ratio(a, b) {
  return (a == "" || b == "" || b + 0 == 0) ? "" : a / b
}

# Keep a guest BENCH line and check what every result must satisfy.
function bench(   c, k, t) {
  c = F["conf"]
  if (F["pages_before"] != F["pages_after"])
    fail("pages", c " " F["kind"] " " F["dist"] " live " F["live"] ": free pages " \
         F["pages_before"] " before, " F["pages_after"] " after")
  if (F["kind"] == "km") {
    k = c SUBSEP F["path"] SUBSEP F["dist"] SUBSEP F["live"]
    KM[k] = F["cost"]
    PLIVE[k] = F["peak_live"]
    PHELD[k] = F["peak_held"]
    if (F["fails"] + 0 > 0)
      fail("other", c " " F["path"] " " F["dist"] " live " F["live"] ": " F["fails"] " allocations failed")
    t = F["dist"] SUBSEP F["live"]
    if ((t in GWORK) && GWORK[t] != F["churn"] " " F["seed"])
      fail("trace", c " " F["dist"] " live " F["live"] ": churn or seed differs between configurations")
    GWORK[t] = F["churn"] " " F["seed"]
  } else if (F["kind"] == "mmap") {
    MM[c, F["live"]] = F["cost"]
    if (F["fails"] + 0 > 0)
      fail("other", c " mmap live " F["live"] ": " F["fails"] " mappings failed")
  } else if (F["kind"] == "frag") {
    for (k in F)
      FR[c, k] = F[k]
  }
}

$1 == "INFO"   { parse(); for (k in F) INFO[k] = F[k] }
$1 == "BENCH"  { parse(); bench() }
$1 == "REPEAT" { parse(); same = F["replay_identical"]; drift = F["user_drift_pct"] }
$1 == "HOST"   {
  parse()
  NS[F["alloc"], F["dist"], F["live"]] = NS[F["alloc"], F["dist"], F["live"]] " " F["ns"]
  HWORK[F["dist"], F["live"]] = F["churn"] " " F["seed"]
}
$1 == "COUNT"  {
  parse()
  split(F["work"], w, "-")
  IR[F["alloc"], w[1], w[2]] = F["ir"] / (2 * F["churn"])
}

# Net instructions per operation on the host: allocator a less the loop
# and call (the null allocator) on the same trace.
function irnet(a, d, l) {
  if (!((a, d, l) in IR) || !(("null", d, l) in IR))
    return ""
  return IR[a, d, l] - IR["null", d, l]
}

# Net ns per operation on the host: medians, less the null allocator's.
function nsnet(a, d, l) {
  if (!((a, d, l) in NS) || !(("null", d, l) in NS))
    return ""
  return median(NS[a, d, l]) - median(NS["null", d, l])
}

# A budget's row: what it asks, what was measured, and the verdict.
function budget(what, measured, ok) {
  print "| " what " | " measured " | " (ok == "" ? "not measured" : (ok ? "met" : "**not met**")) " |"
}

# Check that host and guest built the same traces (the one generator of
# userland/include/kmtrace.h, given the same workload), and the repeat.
function checks(   i, d, l) {
  for (i = 1; i <= nd; i++)
    for (l = 1; l <= nk; l++) {
      d = dists[i]
      if (!((d, kl[l]) in GWORK))
        fail("other", "no guest result for " d " at " kl[l] " live objects")
      else if (HWORK[d, kl[l]] != GWORK[d, kl[l]])
        fail("trace", d " at " kl[l] ": host churn and seed " HWORK[d, kl[l]] " are not the guest's " GWORK[d, kl[l]])
    }
  if (same != 1)
    fail("other", repconf " booted twice gave different kmreplay figures")
}

# The budgets of the issue, each measured here.
function budgets(   top, r, s, ok, c, i, d, m) {
  top = kl[nk]
  print "## Budgets\n"
  print "| budget | measured | verdict |"
  print "| --- | --- | --- |"
  s = irnet("slab", "uniform", 10000); m = irnet("mimalloc", "uniform", 10000)
  budget("host, uniform, 10,000 live: slab fewer instructions per operation than mimalloc",
         "slab " f1(s) ", mimalloc " f1(m), (s == "" || m == "") ? "" : s < m)
  r = ratio(s, irnet("floor", "uniform", 10000))
  budget("host, uniform, 10,000 live: slab within 3x the bare free list",
         "slab " f1(s) " = " fx(r) " the free list's " f1(irnet("floor", "uniform", 10000)),
         r == "" ? "" : r <= 3)
  s = ""; ok = 1
  for (c = 1; c <= 2; c++)
    for (i = 1; i <= nd; i++) {
      d = dists[i]
      r = ratio(KM[slabconf[c], "replay", d, 10000], KM[slabconf[c], "replay", d, 100])
      s = s (s == "" ? "" : "; ") slabconf[c] " " d " " fx(r)
      ok = r == "" ? "" : (ok == "" ? "" : ok && r <= 1.5)
    }
  budget("guest: slab cost per operation at 10,000 live within 1.5x at 100 (kmreplay)", s, ok)
  s = ""; ok = 1
  for (c = 1; c <= 4; c++) {
    r = ratio(MM[confs[c], 10000], MM[confs[c], 10])
    s = s (s == "" ? "" : "; ") confs[c] " " fx(r)
    ok = r == "" ? "" : (ok == "" ? "" : ok && r <= 2)
  }
  budget("guest: mmap+touch+munmap cost at 10,000 live regions within 2x at 10", s, ok)
  s = ""; ok = 1
  for (c = 1; c <= 2; c++) {
    r = ratio(PHELD[slabconf[c], "replay", "uniform", 10000], PLIVE[slabconf[c], "replay", "uniform", 10000])
    s = s (s == "" ? "" : "; ") slabconf[c] " " fx(r)
    ok = r == "" ? "" : (ok == "" ? "" : ok && r <= 1.25)
  }
  budget("slab peak held_bytes within 1.25x peak live_bytes, uniform, 10,000 live", s, ok)
  ok = 1
  for (i = 1; i <= nd; i++)
    for (r = 1; r <= nk; r++)
      if (KM["kr-firstfit", "replay", dists[i], kl[r]] == "")
        ok = 0
  budget("K&R measured against live objects", "table and kmalloc.svg below", ok)
  budget("run time: " (quick ? "QUICK=1 within 2 minutes" : "within 15 minutes"),
         INFO["secs"] " s before the report", INFO["secs"] + 0 <= (quick ? 120 : 900))
  print ""
}

# The headline: every allocator at the largest working set, uniform trace.
function headline(   l, a, i) {
  l = kl[nk]
  print "## Headline\n"
  print "Uniform sizes (powers of two 16..2048 B), " l " live objects; cost per allocation or free:\n"
  print "| | K&R | slab | glibc | jemalloc | mimalloc | free list |"
  print "| --- | --- | --- | --- | --- | --- | --- |"
  print "| guest instructions, kmreplay | " f1(KM["kr-firstfit", "replay", "uniform", l]) " | " \
        f1(KM["slab-firstfit", "replay", "uniform", l]) " | | | | |"
  print "| guest instructions, a system call each | " f1(KM["kr-firstfit", "syscall", "uniform", l]) " | " \
        f1(KM["slab-firstfit", "syscall", "uniform", l]) " | | | | |"
  printf "| host instructions (callgrind, net) |"
  for (i = 1; i <= nh; i++)
    printf " %s |", f1(irnet(hosts[i], "uniform", l))
  printf "\n| host ns (median of 5, net) |"
  for (i = 1; i <= nh; i++)
    printf " %s |", f1(nsnet(hosts[i], "uniform", l))
  print "\n| guest peak held / peak live | " f2(ratio(PHELD["kr-firstfit", "replay", "uniform", l], PLIVE["kr-firstfit", "replay", "uniform", l])) \
        " | " f2(ratio(PHELD["slab-firstfit", "replay", "uniform", l], PLIVE["slab-firstfit", "replay", "uniform", l])) " | | | | |"
  print ""
}

# The guest heap: cost per operation by distribution and working set.
function guestheap(   i, l, d, k, dev, r, c) {
  print "## Kernel heap in the guest\n"
  print "Guest instructions per kmalloc or kfree in the steady state (firstfit builds;"
  print "the heap does not depend on placement). kmreplay runs the whole trace in one"
  print "system call; the syscall columns make one kmalloc/kmfree call per operation,"
  print "timed from user space (trap, token table and heap). Operations per second"
  print "follow as 10^9 / cost: a virtual second is 10^9 guest instructions.\n"
  print "| sizes | live | K&R | slab | K&R, syscall | slab, syscall |"
  print "| --- | --- | --- | --- | --- | --- |"
  dev = 0
  for (i = 1; i <= nd; i++)
    for (l = 1; l <= nk; l++) {
      d = dists[i]
      k = d SUBSEP kl[l]
      print "| " dname[d] " | " kl[l] " | " f1(KM["kr-firstfit", "replay", k]) " | " f1(KM["slab-firstfit", "replay", k]) \
            " | " f1(KM["kr-firstfit", "syscall", k]) " | " f1(KM["slab-firstfit", "syscall", k]) " |"
      for (c = 1; c <= 2; c++) {
        r = ratio(KM[nearconf[c], "replay", k], KM[farconf[c], "replay", k])
        if (r != "" && (r - 1 > dev || 1 - r > dev))
          dev = r > 1 ? r - 1 : 1 - r
      }
    }
  printf "\nThe nearest builds' kmreplay figures differ from these by at most %.2f%%.\n\n", dev * 100
}

# held / live as a table cell; "n/a" when the heap took no new pages.
function heldlive(h, l) {
  return h + 0 == 0 ? "n/a" : f2(ratio(h, l))
}

# Fragmentation of the heap: peak held against peak live bytes.
function guestfrag(   i, l, k) {
  print "## Heap fragmentation in the guest\n"
  print "Peak bytes requested and not freed (live) against peak bytes of pages the"
  print "heap held (held), both above the heap's level when the replay began, after"
  print "a reap; kmreplay, firstfit builds. Small working sets fit in pages the heap"
  print "already held, so their ratio says little (n/a: no new page at all).\n"
  print "| sizes | live | K&R live | K&R held | K&R held/live | slab live | slab held | slab held/live |"
  print "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for (i = 1; i <= nd; i++)
    for (l = 1; l <= nk; l++) {
      k = "replay" SUBSEP dists[i] SUBSEP kl[l]
      print "| " dname[dists[i]] " | " kl[l] " | " PLIVE["kr-firstfit", k] " | " PHELD["kr-firstfit", k] " | " \
            heldlive(PHELD["kr-firstfit", k], PLIVE["kr-firstfit", k]) " | " PLIVE["slab-firstfit", k] " | " \
            PHELD["slab-firstfit", k] " | " heldlive(PHELD["slab-firstfit", k], PLIVE["slab-firstfit", k]) " |"
    }
  print ""
}

# mmap churn and the fragmentation scenario, per configuration.
function guestmmap(   l, c, f) {
  print "## Mappings in the guest\n"
  print "Guest instructions per churn step: one munmap of a random live region plus"
  print "one mmap (1..64 pages, P(length >= s) = 1/s^2, at a random hint) with every"
  print "page touched, timed from user space.\n"
  print "| live regions | kr-firstfit | kr-nearest | slab-firstfit | slab-nearest |"
  print "| --- | --- | --- | --- | --- |"
  for (l = 1; l <= nm; l++) {
    printf "| %s |", ml[l]
    for (c = 1; c <= 4; c++)
      printf " %s |", f1(MM[confs[c], ml[l]])
    print ""
  }
  c = confs[1]
  print "\nFragmentation scenario: " FR[c, "small"] " mappings of " FR[c, "small_pages"] " pages at random"
  print "hints (three quarters of the 262,144-page window), every other one unmapped,"
  print "then " FR[c, "big"] " mappings of " FR[c, "big_pages"] " pages at random hints. Distance is from"
  print "the hint, in pages; cost is guest instructions per larger mmap.\n"
  print "| build | small placed | larger placed | failed | at the hint | mean distance | highest end (page) | cost |"
  print "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for (c = 1; c <= 4; c++) {
    f = confs[c]
    print "| " f " | " FR[f, "small_ok"] " | " FR[f, "big_ok"] " | " FR[f, "big_fail"] " | " FR[f, "at_hint"] \
          " | " FR[f, "dist"] " | " FR[f, "top"] " | " FR[f, "cost"] " |"
  }
  print ""
}

# The host comparison: instructions and time per operation.
function host(   i, l, a, d) {
  print "## Host comparison\n"
  print "The same traces replayed natively (x86-64), churn phase only. Instructions:"
  print "callgrind, less the null allocator's (the loop and call: " \
        f1(IR["null", "uniform", kl[1]]) " per operation). Time: the median of " rounds " interleaved"
  print "runs, less the null allocator's median (" f2(median(NS["null", "uniform", kl[1]])) " ns). The kernel's"
  print "allocators are compiled with locks and interrupt masking compiled out.\n"
  print "| sizes | live | free list | slab | K&R | glibc | jemalloc | mimalloc | | free list ns | slab ns | K&R ns | glibc ns | jemalloc ns | mimalloc ns |"
  print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for (i = 1; i <= nd; i++)
    for (l = 1; l <= nk; l++) {
      d = dists[i]
      printf "| %s | %s |", dname[d], kl[l]
      for (a = 1; a <= nh; a++)
        printf " %s |", f1(irnet(hostorder[a], d, kl[l]))
      printf " |"
      for (a = 1; a <= nh; a++)
        printf " %s |", f1(nsnet(hostorder[a], d, kl[l]))
      print ""
    }
  print ""
}

# x for a plot's data file: NaN when it was not measured.
function nan(x) {
  return x == "" ? "NaN" : x
}

# Data for bench/plots.gp.
function plotdata(   l, i, a, k, line) {
  for (l = 1; l <= nk; l++) {
    line = kl[l]
    for (a = 1; a <= 2; a++)
      for (i = 1; i <= nd; i++)
        line = line " " nan(KM[farconf[a], "replay", dists[i], kl[l]])
    print line > (raw "/km.dat")
    line = kl[l]
    for (a = 1; a <= nh; a++)
      line = line " " nan(irnet(hostorder[a], "uniform", kl[l]))
    print line > (raw "/host.dat")
  }
  for (l = 1; l <= nm; l++) {
    line = ml[l]
    for (a = 1; a <= 4; a++)
      line = line " " nan(MM[confs[a], ml[l]])
    print line > (raw "/mmap.dat")
  }
  for (i = 1; i <= nd; i++) {
    k = "replay" SUBSEP dists[i] SUBSEP kl[nk]
    print "\"" dname[dists[i]] "\" " nan(ratio(PHELD["kr-firstfit", k], PLIVE["kr-firstfit", k])) " " \
          nan(ratio(PHELD["slab-firstfit", k], PLIVE["slab-firstfit", k])) > (raw "/frag.dat")
  }
}

END {
  nd = split("uniform kmix fixed", dists, " ")
  dname["uniform"] = "uniform 16..2048"
  dname["kmix"] = "kernel-like mix"
  dname["fixed"] = "fixed 64"
  split("kr-firstfit kr-nearest slab-firstfit slab-nearest", confs, " ")
  split("slab-firstfit slab-nearest", slabconf, " ")
  split("kr-firstfit slab-firstfit", farconf, " ")
  split("kr-nearest slab-nearest", nearconf, " ")
  nh = split("kr slab glibc jemalloc mimalloc floor", hosts, " ")
  split("floor slab kr glibc jemalloc mimalloc", hostorder, " ")
  nk = split(kmlives, kl, " ")
  nm = split(mmlives, ml, " ")
  rounds = split(NS["null", "uniform", kl[1]], tmp, " ")
  checks()

  print "# Benchmark results\n"
  print "Written by `make bench" (quick ? " QUICK=1" : "") "` (scripts/bench.sh) on " INFO["date"] "; how and why: bench/README.md."
  print "Guest: QEMU " INFO["qemu"] " with `-icount shift=0`, one CPU, so costs are guest instructions."
  gsub(/_/, " ", INFO["cpu"])
  print "Host: " INFO["cpu"] ", gcc " INFO["gcc"] " -O2, glibc " INFO["pkg_libc6"] ", jemalloc " INFO["pkg_libjemalloc2"] \
        ", mimalloc " INFO["pkg_libmimalloc2.0"] ", valgrind " INFO["pkg_valgrind"] ".\n"
  headline()
  budgets()
  print "## Checks\n"
  print "- Free pages after each workload equal those before it: " (nkind["pages"] ? "**no**, see below" : "yes") "."
  print "- Guest and host replayed the same traces (one generator, userland/include/kmtrace.h, given the same churn and seed): " \
        (nkind["trace"] ? "**no**, see below" : "yes") "."
  print "- " repconf " booted twice: kmreplay figures identical: " (same == 1 ? "yes" : "**no**") \
        "; figures timed from user space moved by at most " drift "%."
  for (i = 1; i <= nfail; i++)
    print "- **FAILED**: " failmsg[i]
  print ""
  guestheap()
  guestfrag()
  guestmmap()
  host()
  print "## Plots\n"
  print "![kernel heap cost against live objects](kmalloc.svg)\n"
  print "![mmap churn cost against live regions](mmap.svg)\n"
  print "![peak held over peak live per size distribution](frag.svg)\n"
  print "![host allocators against live objects](host.svg)"
  plotdata()
  exit (nfail > 0)
}
