# report.awk: turn what scripts/bench.sh gathered into bench/results.md
# (on stdout) and the data files bench/plots.gp draws (in raw).
# Input lines, each "TAG key=value ...": INFO (machine and run), BENCH
# (stress and ubench in the guest, tagged conf=), REPEAT (the second boot), HOST
# (ns per operation, one line per timing run) and COUNT (callgrind); the
# recorded kernel trace: KTHEAD (its header, per build), BENCH kind=ktrace
# (kmrec replay), KTCMP (the two builds' traces compared), KTREP (one
# build's two recordings compared), HTRACE and
# KTCOUNT (hbench -t), and the trace itself ("a slot size", "f slot");
# vmbench's BENCH lines (kind=vmfork, kind=fault) and BEFORE lines, which
# bench/vmreport.awk (loaded with this file) keeps and reports;
# and stress -m's window map
# of the slab builds, "WINMAP conf pages=P big=B", "WINRUN conf first
# end" per run of mapped pages, "WINHINT conf hint at" per larger mapping.
# Variables: quick, kmlives, mmlives, raw, repconf, kttests, vmconfs.
# Exits 1 if a check failed.

# The placement of configuration c ("slab-nearest": "nearest").
function place(c) {
  return substr(c, index(c, "-") + 1)
}

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

# What the current BENCH line measured, for a failure message.
function result() {
  if (F["kind"] == "path")
    return "ubench " F["name"]
  if (F["kind"] == "fault")
    return "vmbench fault " F["name"]
  if (F["kind"] == "vmfork")
    return "vmbench fork at " F["mib"] " MiB"
  return F["kind"] " " F["dist"] " live " F["live"]
}

# Keep a ubench line: path name's figure, goal and overhead in build c;
# the paths in the order they first come, with their labels.
function path(c,   n) {
  n = F["name"]
  if (!(n in PWHAT)) {
    pname[++np] = n
    PWHAT[n] = F["what"]
    gsub(/_/, " ", PWHAT[n])
  }
  PI[c, n] = F["instr"]
  PG[c, n] = F["goal"]
  PO[c, n] = F["overhead"]
  if (F["live"] != "")
    plive = F["live"]
  if (F["n"] != "") {
    pn = F["n"]
    pb = F["batches"]
  }
}

# Keep a guest BENCH line and check what every result must satisfy.
function bench(   c, k, t) {
  c = F["conf"]
  if (F["pages_before"] != F["pages_after"])
    fail("pages", c " " result() ": free pages " \
         F["pages_before"] " before, " F["pages_after"] " after")
  if (F["kind"] == "path")
    path(c)
  else if (F["kind"] == "vmfork" || F["kind"] == "fault")
    vmkeep(c)
  else if (F["kind"] == "km") {
    k = c SUBSEP F["path"] SUBSEP F["dist"] SUBSEP F["live"]
    KM[k] = F["cost"]
    KMOVER[k] = F["overhead"]
    PLIVE[k] = F["peak_live"]
    PHELD[k] = F["peak_held"]
    if (F["fails"] + 0 > 0)
      fail("other", c " " F["path"] " " F["dist"] " live " F["live"] ": " F["fails"] " allocations failed")
    t = F["dist"] SUBSEP F["live"]
    if ((t in GWORK) && GWORK[t] != F["churn"] " " F["seed"])
      fail("trace", c " " F["dist"] " live " F["live"] ": churn or seed differs between configurations")
    GWORK[t] = F["churn"] " " F["seed"]
  } else if (F["kind"] == "mmap" && F["keep"] == 1) {
    MK[c, F["live"]] = F["cost"]
    MKMAP[c, F["live"]] = F["map_cost"]
    MKUN[c, F["live"]] = F["unmap_cost"]
  } else if (F["kind"] == "mmap") {
    MM[c, F["live"]] = F["cost"]
    MMMAP[c, F["live"]] = F["map_cost"]
    MMUN[c, F["live"]] = F["unmap_cost"]
    MPG[c, F["live"]] = F["pages"]
    if (F["fails"] + 0 > 0)
      fail("other", c " mmap live " F["live"] ": " F["fails"] " mappings failed")
  } else if (F["kind"] == "frag") {
    for (k in F)
      FR[c, k] = F[k]
  } else if (F["kind"] == "ktrace") {
    for (k in F)
      KG[c, k] = F[k]
    if (F["fails"] + 0 > 0)
      fail("other", c " kmrec replay: " F["fails"] " allocations failed")
  }
}

$1 == "INFO"   { parse(); for (k in F) INFO[k] = F[k] }
$1 == "BENCH"  { parse(); bench() }
$1 == "REPEAT" {
  parse()
  same = F["replay_identical"]
  drift = F["user_drift_pct"]
  usame = F["ubench_identical"]
}
$1 == "WINMAP"  { parse(); p = place($2); WPAGES[p] = F["pages"] + 0; WBIG[p] = F["big"] + 0 }
$1 == "WINRUN"  { p = place($2); NRUN[p]++; RA[p, NRUN[p]] = $3 + 0; RB[p, NRUN[p]] = $4 + 0 }
$1 == "WINHINT" {
  p = place($2)
  NHINT[p]++
  HD[p, NHINT[p]] = $4 == "-" ? -1 : ($4 > $3 ? $4 - $3 : $3 - $4)
}
$1 == "HOST"   {
  parse()
  NS[F["alloc"], F["dist"], F["live"]] = NS[F["alloc"], F["dist"], F["live"]] " " F["ns"]
  HWORK[F["dist"], F["live"]] = F["churn"] " " F["seed"]
}
$1 == "KTHEAD" { parse(); for (k in F) KH[F["conf"], k] = F[k] }
$1 == "KTCMP"  { parse(); for (k in F) KC[k] = F[k] }
$1 == "KTREP"  { parse(); for (k in F) KREP[k] = F[k] }
$1 == "HTRACE" { parse(); for (k in F) KHOST[F["alloc"], k] = F[k] }
$1 == "KTCOUNT" { parse(); KIR[F["alloc"]] = F["ir"] }
$1 == "a" && NF == 3 { ktlive += $3; SLOTSIZE[$2] = $3; ktpoint() }
$1 == "f" && NF == 2 { ktlive -= SLOTSIZE[$2]; SLOTSIZE[$2] = 0; ktpoint() }
$1 == "COUNT"  {
  parse()
  split(F["work"], w, "-")
  IR[F["alloc"], w[1], w[2]] = F["ir"] / (2 * F["churn"])
}

# Keep the live bytes after the recorded trace's current operation.
function ktpoint() {
  KTLIVE[++ktn] = ktlive
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

# A budget's row: what it asks, what was measured, and the verdict; none
# (counted in unmeasured) when the run did not measure it.
function budget(what, measured, ok) {
  if (ok == "") {
    unmeasured++
    return
  }
  print "| " what " | " measured " | " (ok ? "met" : "**not met**") " |"
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
  if (usame != 1)
    fail("other", repconf " booted twice gave different ubench figures")
  for (i = 1; i <= 4; i++)
    for (l = 1; l <= np; l++)
      if (PI[confs[i], pname[l]] == "")
        fail("other", confs[i] ": no ubench result for " pname[l])
  if (np == 0)
    fail("other", "no ubench results")
  for (i = 1; i <= 2; i++)
    if (NRUN[places[i]] == 0 || NHINT[places[i]] == 0)
      fail("other", places[i] ": no window map")
}

# The host's budgets: slab against mimalloc and the bare free list.
function hostbudgets(   r, s, m, t) {
  s = irnet("slab", "uniform", 10000); m = irnet("mimalloc", "uniform", 10000)
  t = irnet("slabnotags", "uniform", 10000)
  t = t == "" ? "" : " (" f1(t) " without size tags, " f1(irnet("slabbare", "uniform", 10000)) " without tags or counters)"
  budget("host, uniform, 10,000 live: slab fewer instructions per operation than mimalloc",
         "slab " f1(s) t ", mimalloc " f1(m), (s == "" || m == "") ? "" : s < m)
  r = ratio(s, irnet("floor", "uniform", 10000))
  budget("host, uniform, 10,000 live: slab within 3x the bare free list",
         "slab " f1(s) " = " fx(r) " the free list's " f1(irnet("floor", "uniform", 10000)),
         r == "" ? "" : r <= 3)
}

# The budgets of the issue, each measured here.
function budgets(   r, s, ok, c, i, d) {
  print "## Budgets\n"
  print "| budget | measured | verdict |"
  print "| --- | --- | --- |"
  hostbudgets()
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
  if (unmeasured)
    print "\n" unmeasured " budgets need figures this run did not measure (10,000 live objects or regions) and are left out."
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

# The heaps (K&R, slab) whose builds carry a goal for path n, with that
# goal in goal[1]: "" when no build does.
function goalheaps(n, goal,   c, a, h) {
  h = ""
  for (c = 1; c <= 4; c++) {
    if (PG[confs[c], n] == "" || PG[confs[c], n] == "none")
      continue
    goal[1] = PG[confs[c], n]
    a = confs[c] ~ /^kr/ ? "K&R" : "slab"
    if (index(h, a) == 0)
      h = h (h == "" ? "" : " and ") a
  }
  return h
}

# Whether every build with a goal for path n meets it: 1 or 0.
function pathmet(n,   c, g) {
  for (c = 1; c <= 4; c++) {
    g = PG[confs[c], n]
    if (g != "" && g != "none" && (PI[confs[c], n] == "" || PI[confs[c], n] + 0 > g + 0))
      return 0
  }
  return 1
}

# The largest relative difference between ubench's figures in the
# nearest builds and in the firstfit builds.
function pathdiff(   i, c, r, m) {
  m = 0
  for (i = 1; i <= np; i++)
    for (c = 1; c <= 2; c++) {
      r = ratio(PI[nearconf[c], pname[i]], PI[farconf[c], pname[i]])
      if (r != "" && (r - 1 > m || 1 - r > m))
        m = r > 1 ? r - 1 : 1 - r
    }
  return m
}

# The system call paths: ubench's figures against xv6-public's and the
# goals, then what of the heap op is the allocator and what the kernel.
function paths(   i, n, h, goal, over) {
  over = PO["slab-firstfit", pname[1]]
  print "## System call paths\n"
  print "`ubench` (userland/bin/ubench.c) in each build, in a boot of its own, so that"
  print "`make run ICOUNT=1 RUN=ubench` on that build prints the same figures. Guest"
  print "instructions per operation: each operation timed alone with rdtsc less the cost of"
  print "an empty measurement (" over " instructions), the mean of a batch of " pn ", and the smallest"
  print "of " pb " batches. The heap op in the kernel is kmreplay's mean over the churn steps of"
  print "the uniform trace (16..2048 B) at " plive " live objects. xv6-public: the same program on"
  print "xv6-public under the same QEMU, from issue 9 (not measured by this run). A goal is"
  print "met when every build it applies to meets it: all four, or the two slab builds.\n"
  print "| path | xv6-public | K&R | slab | goal | verdict |"
  print "| --- | --- | --- | --- | --- | --- |"
  for (i = 1; i <= np; i++) {
    n = pname[i]
    h = goalheaps(n, goal)
    print "| " PWHAT[n] " | " (n in XV6 ? XV6[n] : "") " | " f1(PI["kr-firstfit", n]) " | " f1(PI["slab-firstfit", n]) \
          " | " (h == "" ? "" : goal[1] (h == "K&R and slab" ? "" : " (" h ")")) \
          " | " (h == "" ? "" : pathmet(n) ? "met" : "**not met**") " |"
  }
  printf "\nThe nearest builds' figures differ from these by at most %.2f%%.\n\n", pathdiff() * 100
  heapsplit()
}

# The slab heap op in the kernel, the same code on the host, and the
# measurement's own overhead, side by side: stress's figures at the most
# live objects this run measured, where it also measured the host.
function heapsplit(   l, k, h) {
  l = kl[nk]
  k = KM["slab-firstfit", "replay", "uniform", l]
  h = irnet("slab", "uniform", l)
  print "What of a heap op is the allocator and what the kernel: slab-firstfit, the uniform"
  print "trace at " l " live objects (stress's kmreplay, measured with the host on the same trace)"
  print "but for the system call, ubench's kmalloc(64):\n"
  print "| | instructions per operation | what it counts |"
  print "| --- | --- | --- |"
  print "| kmalloc(64) system call (ubench) | " f1(PI["slab-firstfit", "kmalloc"]) \
        " | the trap, the argument fetch, the token table and the heap op |"
  print "| heap op in the kernel (kmreplay) | " f1(k) " | kmalloc or kmfree as the kernel calls it |"
  print "| heap op on the host (callgrind, net) | " f1(h) \
        " | the same heap sources natively, locks and interrupt masking compiled out |"
  print "| the kernel around the heap op | " f1(k == "" || h == "" ? "" : k - h) \
        " | in the kernel less on the host: locks, interrupt masking, per-CPU lookups; i386 code |"
  print "| overhead of the measurement, kmreplay | " KMOVER["slab-firstfit", "replay", "uniform", l] \
        " | two rdtsc in a row in the kernel, interrupts off: already taken off the kmreplay figure |"
  print "| overhead of the measurement, ubench | " PO["slab-firstfit", "kmalloc"] \
        " | two rdtsc() calls in a row in user space: already taken off the system call figure |"
  print "| overhead of the measurement, host | " f1(IR["null", "uniform", l]) \
        " | the replay loop and the call (the null allocator): already taken off the host figure |"
  print ""
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

# The largest relative difference between configurations a's and b's
# mmap churn costs; "" if either has none.
function mmapdiff(a, b,   l, r, m) {
  m = ""
  for (l = 1; l <= nm; l++) {
    r = ratio(MM[a, ml[l]], MM[b, ml[l]])
    if (r == "")
      return ""
    r = r > 1 ? r - 1 : 1 - r
    if (m == "" || r > m)
      m = r
  }
  return m
}

# "identical" or "within x%" for the relative difference d.
function alike(d) {
  return d == 0 ? "identical" : sprintf("within %.2f%%", d * 100)
}

# mmap churn per configuration, and where its cost per step goes.
function guestmmap(   l, c, d, e) {
  print "## Mappings in the guest\n"
  print "Guest instructions per churn step: one munmap of a random live region plus"
  print "one mmap (1..64 pages, P(length >= s) = 1/s^2, at a random hint) with every"
  print "page touched, timed from user space. Pages: mapped per step, on average."
  print "Kept: the same churn with one page mapped at the start of each page table's"
  print "4 MiB of the window beforehand (`stress -w mmap -k`), so no page table is"
  print "ever found empty, freed and allocated again.\n"
  print "| live regions | kr-firstfit | kr-nearest | slab-firstfit | slab-nearest | pages | slab-firstfit per page | slab-firstfit, kept |"
  print "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for (l = 1; l <= nm; l++) {
    printf "| %s |", ml[l]
    for (c = 1; c <= 4; c++)
      printf " %s |", f1(MM[confs[c], ml[l]])
    print " " MPG["slab-firstfit", ml[l]] " | " f1(ratio(MM["slab-firstfit", ml[l]], MPG["slab-firstfit", ml[l]])) \
          " | " f1(MK["slab-firstfit", ml[l]]) " |"
  }
  d = mmapdiff("kr-firstfit", "kr-nearest"); e = mmapdiff("slab-firstfit", "slab-nearest")
  print "\nfirstfit against nearest: kr " alike(d) ", slab " alike(e) "" \
        (d != "" && e != "" && d < 0.005 && e < 0.005 ? ": the same cost (a random hint in a window this empty is almost always free, and both then map at the hint)." : ".")
  churnwhy("slab-firstfit", ml[1], ml[nm])
}

# Why configuration c's churn step costs less at z live regions than at a:
# its figures, with and without every page table kept.
function churnwhy(c, a, z) {
  if (MK[c, a] == "" || MK[c, z] == "" || a == z || MM[c, a] <= MM[c, z]) {
    print ""
    return
  }
  if (MK[c, a] > MK[c, z] * 1.1) {
    print "\nA step costs " f1(MM[c, a]) " at " a " live regions and " f1(MM[c, z]) " at " z "; with every page table kept,"
    print f1(MK[c, a]) " and " f1(MK[c, z]) ": page tables do not explain the difference in this run.\n"
    return
  }
  print "\n**Why a step costs less with more live regions.** On " c ", a step costs " f1(MM[c, a]) " at " a " live regions"
  print "and " f1(MM[c, z]) " at " z ", mapping " MPG[c, a] " and " MPG[c, z] " pages per step on average; per page " \
        f1(ratio(MM[c, a], MPG[c, a])) " and " f1(ratio(MM[c, z], MPG[c, z])) "."
  if (ratio(MPG[c, a], MPG[c, z]) < 1.15 && ratio(MPG[c, z], MPG[c, a]) < 1.15)
    print "The pages per step hardly differ, so the fall is not a fixed cost spread over more pages."
  print "It is the page tables. A region alone in its page table's 4 MiB leaves the table empty when it is"
  print "unmapped: munmap scans the table's 1,024 entries to find that out and frees it, and the next mmap's"
  print "first touch there allocates and zeroes a new one. The more live regions, the fewer are alone: " z
  print "share the window's 256 page tables, " sprintf("%.1f", z / 256) " to each on average. munmap falls from " \
        f1(MMUN[c, a]) " to " f1(MMUN[c, z]) " and mmap with its touches from " f1(MMMAP[c, a]) " to " f1(MMMAP[c, z]) "."
  print "With every page table kept the effect is gone: " f1(MK[c, a]) " at " a " live regions, " f1(MK[c, z]) " at " z \
        " (munmap " f1(MKUN[c, a]) " and " f1(MKUN[c, z]) ";"
  print "the rest moves by " sprintf("%.1f%%", (MK[c, z] / MK[c, a] - 1) * 100) " from " a " to " z " live regions).\n"
}

# Add len pages from page first on to bin column k (u: mapped, s: free in
# a hole too small for even a small mapping, f: free in a larger hole) of p.
function addbins(p, first, len, k,   b, take) {
  while (len > 0) {
    b = int(first / binpages)
    take = (b + 1) * binpages - first
    if (take > len)
      take = len
    BIN[p, b, k] += take
    first += take
    len -= take
  }
}

# Walk placement p's window map: its holes and the pages in each bin.
function window(p,   i, prev, end, len) {
  prev = 0
  for (i = 1; i <= NRUN[p] + 1; i++) {
    end = i <= NRUN[p] ? RA[p, i] : WPAGES[p]
    len = end - prev
    if (len > 0) {
      HOLES[p]++
      FREE[p] += len
      if (len < WBIG[p])
        STRAND[p] += len
      if (len < WBIG[p] / 2)
        TINY[p] += len
      if (len > MAXHOLE[p])
        MAXHOLE[p] = len
      addbins(p, prev, len, len < WBIG[p] / 2 ? "s" : "f")
    }
    if (i <= NRUN[p]) {
      addbins(p, RA[p, i], RB[p, i] - RA[p, i], "u")
      prev = RB[p, i]
    }
  }
}

# The share of placement p's larger mappings placed less than d pages
# from their hints (failed ones count as never placed).
function within(p, d,   i, n) {
  for (i = 1; i <= NHINT[p]; i++)
    n += HD[p, i] >= 0 && HD[p, i] < d
  return NHINT[p] ? n / NHINT[p] : ""
}

# The fragmentation scenario per build, and the window it left.
function guestwindow(   c, f, p, i) {
  c = confs[1]
  print "Fragmentation scenario: " FR[c, "small"] " mappings of " FR[c, "small_pages"] " pages at random"
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
  p = places[1]
  print "\nThe window the scenario left (`stress -m`, from procmaps; window.svg draws it). A hole is a"
  print "run of free pages. Too small for a larger (or a small) mapping: free pages in holes under " WBIG[p]
  print "(under " WBIG[p] / 2 ") pages.\n"
  print "| placement | larger placed | mapped runs | holes | mean hole | largest hole | free pages | too small for a larger | too small for a small | within 64 pages of the hint |"
  print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for (i = 1; i <= 2; i++) {
    p = places[i]
    print "| " p " | " FR["slab-" p, "big_ok"] " | " NRUN[p] " | " HOLES[p] " | " f1(ratio(FREE[p], HOLES[p])) " | " MAXHOLE[p] \
          " | " FREE[p] " | " pct(ratio(STRAND[p], FREE[p])) " | " pct(ratio(TINY[p], FREE[p])) " | " pct(within(p, 64)) " |"
  }
  print ""
}

# x as a percentage with one decimal, or "n/a".
function pct(x) {
  return x == "" ? "n/a" : sprintf("%.1f%%", x * 100)
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

# The cheaper of two costs x (named nx) and y (ny), as "nx" or "ny".
function cheaper(nx, x, ny, y) {
  return x + 0 <= y + 0 ? nx : ny
}

# What is left of the window's free pages for a larger mapping, in
# placements w's and o's windows.
function leftover(w, o) {
  if (STRAND[w] == FREE[w] && STRAND[o] == FREE[o])
    return "When both are through, neither window has a hole left that fits one more"
  return "Free pages in holes too small for one more: " w " " pct(ratio(STRAND[w], FREE[w])) ", " o " " pct(ratio(STRAND[o], FREE[o]))
}

# "What wins, and why": each sentence from this run's figures.
function whatwins() {
  print "## What wins, and why\n"
  winsheap(kl[nk])
  winsplace()
  print ""
}

# What wins among the heaps at l live objects: cost and memory.
function winsheap(l,   k, s, w, a, i, d, r1, r2, best) {
  k = KM["kr-firstfit", "replay", "uniform", l]; s = KM["slab-firstfit", "replay", "uniform", l]
  if (k != "" && s != "") {
    w = cheaper("slab", s, "K&R", k)
    print "- **Cost per operation, guest.** " w " is cheaper: slab " f1(s) " guest instructions per kmalloc or kfree, K&R " \
          f1(k) " (kmreplay, uniform sizes, " l " live objects), " sprintf("%.1f", w == "slab" ? k / s : s / k) \
          " times fewer. K&R searches one free list first fit, so it costs more as it holds more free blocks: " \
          f1(KM["kr-firstfit", "replay", "uniform", kl[1]]) " at " kl[1] " live objects, " f1(k) " at " l \
          ". Slab takes a block from the list of its size class: " f1(KM["slab-firstfit", "replay", "uniform", kl[1]]) \
          " and " f1(s) "."
  }
  k = irnet("kr", "uniform", l); s = irnet("slab", "uniform", l)
  best = ""
  for (i = 1; i <= nh; i++)
    if (hosts[i] ~ /glibc|jemalloc|mimalloc/ && irnet(hosts[i], "uniform", l) != "" && \
        (best == "" || irnet(hosts[i], "uniform", l) < irnet(best, "uniform", l)))
      best = hosts[i]
  if (k != "" && s != "" && best != "") {
    w = cheaper("slab", s, "K&R", k)
    print "- **Cost per operation, host.** The same sources natively: " w " is cheaper, slab " f1(s) " instructions per operation, K&R " \
          f1(k) " (" sprintf("%.1f", w == "slab" ? k / s : s / k) " times as many for " (w == "slab" ? "K&R" : "slab") \
          "); in time slab " f1(nsnet("slab", "uniform", l)) " ns, K&R " f1(nsnet("kr", "uniform", l)) " ns. The cheapest userland allocator, " \
          best ", costs " f1(irnet(best, "uniform", l)) " instructions and " f1(nsnet(best, "uniform", l)) " ns: slab is " \
          (s < irnet(best, "uniform", l) ? "cheaper than it" : sprintf("%.2f times its instructions", s / irnet(best, "uniform", l))) "."
  }
  a = ""
  for (i = 1; i <= nd; i++) {
    d = dists[i]
    r1 = ratio(PHELD["kr-firstfit", "replay", d, l], PLIVE["kr-firstfit", "replay", d, l])
    r2 = ratio(PHELD["slab-firstfit", "replay", d, l], PLIVE["slab-firstfit", "replay", d, l])
    if (r1 != "" && r2 != "")
      a = a (a == "" ? "" : "; ") dname[d] ": " cheaper("slab", r2, "K&R", r1) " (slab " f2(r2) ", K&R " f2(r1) ")"
  }
  if (a != "")
    print "- **Memory per live byte.** Peak bytes of heap pages held per peak live byte at " l " live objects, the lower wins: " a \
          ". Slab rounds a request up to its size class and keeps partly used slabs; K&R fits requests exactly but leaves" \
          " free blocks between live ones."
}

# What wins between the placements: distance from the hint, fragmentation.
function winsplace(   p, q, w, o) {
  p = places[1]; q = places[2]
  if (NHINT[p] && NHINT[q]) {
    w = cheaper(p, FR["slab-" p, "dist"], q, FR["slab-" q, "dist"])
    o = w == p ? q : p
    print "- **Placement, distance from the hint.** " w " places the larger mappings of the fragmentation scenario closer to their hints: " \
          "mean distance " FR["slab-" w, "dist"] " pages against " FR["slab-" o, "dist"] " for " o "; " pct(within(w, 64)) " against " \
          pct(within(o, 64)) " within 64 pages. Both map at the hint when it is free (" FR["slab-" w, "at_hint"] " and " \
          FR["slab-" o, "at_hint"] " times); when it is taken, firstfit takes the lowest hole that fits, however far, and nearest the hole nearest the hint."
    w = cheaper(p, -FR["slab-" p, "big_ok"], q, -FR["slab-" q, "big_ok"])
    o = w == p ? q : p
    print "- **Placement, fragmentation.** " w " leaves the window less fragmented: it fitted " FR["slab-" w, "big_ok"] " of the " \
          FR["slab-" w, "big"] " larger mappings into the same holes, " o " " FR["slab-" o, "big_ok"] ". " leftover(w, o) "; " w " leaves " HOLES[w] " holes of " f1(ratio(FREE[w], HOLES[w])) " pages on average, " o " " HOLES[o] " of " f1(ratio(FREE[o], HOLES[o])) \
          " (" pct(ratio(TINY[w], FREE[w])) " and " pct(ratio(TINY[o], FREE[o])) " of the free pages in holes too small even for a small mapping). " \
          "A larger mmap cost " FR["slab-firstfit", "cost"] " guest instructions with firstfit and " FR["slab-nearest", "cost"] " with nearest."
  }
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
    line = line " " nan(MK["kr-firstfit", ml[l]]) " " nan(MK["slab-firstfit", ml[l]])
    print line > (raw "/mmap.dat")
  }
  for (i = 1; i <= nd; i++) {
    k = "replay" SUBSEP dists[i] SUBSEP kl[nk]
    print "\"" dname[dists[i]] "\" " nan(ratio(PHELD["kr-firstfit", k], PLIVE["kr-firstfit", k])) " " \
          nan(ratio(PHELD["slab-firstfit", k], PLIVE["slab-firstfit", k])) > (raw "/frag.dat")
  }
  windowdata()
  ktdata()
}

# The window plot's data: per placement, each bin's shares of mapped,
# stranded and usable free pages; the share placed within d of the hint;
# and the mmap plot's series titles, saying which series coincide.
function windowdata(   i, p, b, f, d) {
  for (i = 1; i <= 2; i++) {
    p = places[i]
    f = raw "/window-" p ".dat"
    for (b = 0; b < nbins; b++)
      print b * binpages * 4 / 1024, BIN[p, b, "u"] / binpages, BIN[p, b, "s"] / binpages, \
            BIN[p, b, "f"] / binpages > f
    close(f)
  }
  for (d = 1; d <= winmax; d *= 2)
    print d, nan(within(places[1], d)), nan(within(places[2], d)) > (raw "/hints.dat")
  f = raw "/titles.gp"
  print "t_krnear = \"kr-nearest" together("kr-firstfit", "kr-nearest") "\"" > f
  print "t_slabnear = \"slab-nearest" together("slab-firstfit", "slab-nearest") "\"" > f
  for (i = 1; i <= 2; i++)
    print "t_" places[i] " = \"" places[i] ": " FR["slab-" places[i], "big_ok"] " of " FR["slab-" places[i], "big"] \
          " larger mappings placed; " HOLES[places[i]] " holes, " f1(ratio(FREE[places[i]], HOLES[places[i]])) \
          " pages on average\"" > f
  print "big = " WBIG[places[1]] > f
}

# A note for nearest's key entry in the mmap plot when its line lies on
# firstfit's (a, b: the two configurations).
function together(a, b,   d) {
  d = mmapdiff(a, b)
  if (d == "" || d > 0.005)
    return ""
  return " (" alike(d) " of " a ": the lines coincide)"
}

# Net host instructions per operation of the recorded trace: allocator a
# less the null allocator (the loop and call), over the whole trace.
function ktnet(a,   n) {
  n = KHOST["null", "ops"]
  if (!(a in KIR) || !("null" in KIR) || n + 0 == 0)
    return ""
  return (KIR[a] - KIR["null"]) / n
}

# Peak held over peak live of the recorded trace in the guest for build c
# (kmrec replay); "" when not measured.
function ktguest(c) {
  return ratio(KG[c, "peak_held"], KG[c, "peak_live"])
}

# Peak held over peak live of the recorded trace on the host for
# allocator a (hbench -t); "" when the allocator cannot say.
function kthost(a) {
  return ratio(KHOST[a, "peak_held"], KHOST[a, "peak_live"])
}

# What was recorded, build by build, and whether the builds agree.
function ktrecorded(   i, c) {
  print "| recorded in | operations | distinct sizes | peak live bytes | slots | dropped | unmatched frees | skipped, over 4 KiB | lost frees |"
  print "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for (i = 1; i <= 2; i++) {
    c = farconf[i]
    print "| " c " | " KH[c, "ops"] " | " KH[c, "sizes"] " | " KH[c, "peak_live"] " | " KH[c, "slots"] " | " \
          KH[c, "dropped"] " | " KH[c, "unmatched"] " | " KH[c, "skipped"] " | " KH[c, "relive"] " |"
  }
  print "\nUnmatched frees are of objects allocated before the recorder was on; kmrec leaves them out" \
        " (and kmreplay frees whatever the trace leaves live at its end). Skipped: operations on objects" \
        " larger than kmreplay's 4,096 bytes, left out. Lost frees: objects seen allocated again while live.\n"
  for (i = 1; i <= 2; i++)
    if (KH[farconf[i], "stopped"] == 1)
      print "- **" farconf[i] ": the conversion stopped at kmreplay's limits** (65,536 operations or 16,384 objects live): the trace is the workload's beginning only."
  print "- kr-firstfit and slab-firstfit recorded " ktsame(KC["identical"], KC["first_diff"], KC["same_sizes"], KC["same_count"]) \
        " The host replays " KC["host"] "'s."
  print "- " KREP["conf"] " booted again recorded " ktsame(KREP["identical"], KREP["first_diff"], KREP["same_sizes"], KREP["same_count"])
  print "- Operations dropped for want of room in the recorder: " \
        (KH[farconf[1], "dropped"] + KH[farconf[2], "dropped"] == 0 ? "none." : "**" KH[farconf[1], "dropped"] " and " KH[farconf[2], "dropped"] "**: the trace is not the whole workload.")
  print ""
}

# Two recorded traces compared, in words: identical, or where they part
# and whether their operation counts and allocation sizes still agree.
function ktsame(same, at, sizes, count) {
  if (same == 1)
    return "the same trace, operation for operation."
  return "**a different trace**: it parts at line " at "; the operation counts are " (count == 1 ? "the same" : "**not** the same") \
         ", and the allocation sizes, taken as a multiset, " (sizes == 1 ? "the same" : "**not** the same") \
         ". Where processes run at the same time, which runs when depends on where the timer interrupt falls (bench/README.md)."
}

# One row of the recorded trace's allocator table.
function ktrow(name, where, cost, held, live) {
  print "| " name " | " where " | " f1(cost) " | " (held == "" ? "" : held) " | " (held == "" ? "" : heldlive(held, live)) " |"
}

# The recorded trace replayed by every allocator: cost and memory.
function ktrace(   a, h, ka, lab) {
  h = KC["host"]
  print "## Recorded kernel trace\n"
  print "The kernel's own heap operations (kmalloc, kmfree, kmcache_alloc, kmcache_free, recorded by the"
  print "kernel) while the guest ran `systest " kttests "` and then the pipeline `cat README.md | grep the | wc`:"
  print "`kmrec on` before, `kmrec off` after, in one boot of each build under icount. kmrec turns each object's"
  print "address into a slot and each cache into its object size, so a trace is allocations (slot, size) and"
  print "frees (slot) that any allocator can replay; bench/README.md follows the trace from guest to host.\n"
  ktrecorded()
  if (KH[farconf[1], "ops"] + KH[farconf[2], "ops"] == 0)
    print "**The trace is empty**: the kernel made no heap operation while the workload ran, so there is nothing to compare.\n"
  print "Every build replays " h "'s trace once with `kmrec replay`, in a boot of its own with the trace in its"
  print "file system (kmreplay, guest instructions per operation, the mean over every operation); the host"
  print "replays the same trace once per allocator with `hbench -t`,"
  print "from a fresh heap (callgrind instructions per operation, less the null allocator's " f1(ratio(KIR["null"], KHOST["null", "ops"])) ")."
  print "Peak held: the most bytes the allocator held above its level at the start, after each allocation; blank"
  print "where the allocator cannot say (bench/README.md says how each is read).\n"
  print "| allocator | measured | cost per operation | peak held bytes | peak held / peak live |"
  print "| --- | --- | --- | --- | --- |"
  ktrow("K&R", "guest, kr-firstfit", KG["kr-firstfit", "cost"], KG["kr-firstfit", "peak_held"], KG["kr-firstfit", "peak_live"])
  ktrow("slab", "guest, slab-firstfit", KG["slab-firstfit", "cost"], KG["slab-firstfit", "peak_held"], KG["slab-firstfit", "peak_live"])
  split("kr slab glibc jemalloc mimalloc floor", ka, " ")
  split("K&R|slab|glibc|jemalloc|mimalloc|free list", lab, "|")
  for (a = 1; a <= 6; a++)
    ktrow(lab[a], "host", ktnet(ka[a]), KHOST[ka[a], "peak_held"], KHOST[ka[a], "peak_live"])
  print ""
  ktwins()
}

# The issue's figure: slab's peak held over peak live against K&R's.
function ktwins(   g1, g2, h1, h2) {
  g1 = ktguest("kr-firstfit"); g2 = ktguest("slab-firstfit")
  h1 = kthost("kr"); h2 = kthost("slab")
  if (g1 == "" || g2 == "")
    return
  print "On this trace slab holds " ktheld("slab-firstfit") " bytes of pages per live byte at its peak in the guest, K&R " \
        ktheld("kr-firstfit") " (on the host " f2(h2) " and " f2(h1) "); per operation slab costs " f1(KG["slab-firstfit", "cost"]) \
        " guest instructions, K&R " f1(KG["kr-firstfit", "cost"]) ".\n"
}

# Build c's peak held per live byte on the recorded trace, in words.
function ktheld(c) {
  if (KG[c, "peak_held"] != "" && KG[c, "peak_held"] + 0 == 0)
    return "n/a (it took no page: the trace fit in pages it already held)"
  return f2(ktguest(c))
}

# Check the recorded trace's figures against each other.
function ktchecks(   a) {
  for (a in KIR)
    if (KHOST[a, "peak_live"] != KHOST[a, "header_peak_live"])
      fail("other", "recorded trace: hbench found peak live " KHOST[a, "peak_live"] " bytes, the header says " KHOST[a, "header_peak_live"])
  if (KG["kr-firstfit", "cost"] == "" || KG["slab-firstfit", "cost"] == "")
    fail("other", "recorded trace: no kmrec replay figure from a guest build")
}

# Data for the recorded trace's plot: live bytes after each operation
# (at most about 2,000 points, the largest of each run of operations)
# and each allocator's peak held over peak live, 0 (no bar) where there
# is no figure: gnuplot refuses a histogram of nothing but NaN.
function ktdata(   i, step, m, f, a, lab) {
  f = raw "/ktlive.dat"
  if (ktn == 0)
    print 0, 0 > f
  step = int((ktn + 1999) / 2000)
  step = step < 1 ? 1 : step
  for (i = 1; i <= ktn; i++) {
    if (KTLIVE[i] > m || (i - 1) % step == 0)
      m = KTLIVE[i]
    if (i % step == 0 || i == ktn)
      print i, m > f
  }
  close(f)
  f = raw "/ktheld.dat"
  print "\"K&R, guest\" " ktguest("kr-firstfit") + 0 > f
  print "\"slab, guest\" " ktguest("slab-firstfit") + 0 > f
  split("kr slab glibc jemalloc mimalloc floor", a, " ")
  split("K&R, host|slab, host|glibc|jemalloc|mimalloc|free list", lab, "|")
  for (i = 1; i <= 6; i++)
    print "\"" lab[i] "\" " kthost(a[i]) + 0 > f
  close(f)
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
  split("firstfit nearest", places, " ")
  # xv6-public's figures for ubench's paths, from issue 9: the same
  # measurements on xv6-public under the same QEMU.
  XV6["getpid"] = 1399; XV6["pipe"] = 10288; XV6["fork"] = 1988337
  XV6["sbrk"] = 9298; XV6["read"] = 13957
  winmax = WPAGES["firstfit"]
  nbins = 256
  binpages = winmax / nbins
  for (i = 1; i <= 2; i++)
    window(places[i])
  checks()
  ktchecks()
  vmchecks()

  print "# Benchmark results\n"
  if (quick)
    print "**QUICK smoke run (`make bench QUICK=1`): short traces, small working sets; not for citing.**\n"
  print "Written by `make bench" (quick ? " QUICK=1" : "") "` (scripts/bench.sh) on " INFO["date"] "; how and why: bench/README.md."
  print "Guest: QEMU " INFO["qemu"] " with `-icount shift=0`, one CPU, so costs are guest instructions."
  gsub(/_/, " ", INFO["cpu"])
  print "Host: " INFO["cpu"] ", gcc " INFO["gcc"] " -O2, glibc " INFO["pkg_libc6"] ", jemalloc " INFO["pkg_libjemalloc2"] \
        ", mimalloc " INFO["pkg_libmimalloc2.0"] ", valgrind " INFO["pkg_valgrind"] ".\n"
  whatwins()
  headline()
  budgets()
  print "## Checks\n"
  print "- Free pages after each workload equal those before it: " (nkind["pages"] ? "**no**, see below" : "yes") "."
  print "- Guest and host replayed the same traces (one generator, userland/include/kmtrace.h, given the same churn and seed): " \
        (nkind["trace"] ? "**no**, see below" : "yes") "."
  print "- " repconf " booted twice: kmreplay figures identical: " (same == 1 ? "yes" : "**no**") \
        "; ubench figures identical: " (usame == 1 ? "yes" : "**no**") \
        "; stress's figures timed from user space moved by at most " drift "%."
  for (i = 1; i <= nfail; i++)
    print "- **FAILED**: " failmsg[i]
  print ""
  paths()
  vmsection()
  guestheap()
  guestfrag()
  guestmmap()
  guestwindow()
  host()
  ktrace()
  print "## Plots\n"
  print "![kernel heap cost against live objects](kmalloc.svg)\n"
  print "![mmap churn cost against live regions](mmap.svg)\n"
  print "![the mmap window after the fragmentation scenario, per placement](window.svg)\n"
  print "![peak held over peak live per size distribution](frag.svg)\n"
  print "![host allocators against live objects](host.svg)\n"
  print "![the recorded kernel trace: live bytes, and peak held over peak live per allocator](ktrace.svg)\n"
  print "![fork against the resident heap, and the cost of each kind of page fault](vm.svg)"
  plotdata()
  vmdata()
  exit (nfail > 0)
}
