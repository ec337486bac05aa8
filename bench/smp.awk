# smp.awk: the "## SMP contention" section of bench/results.md from the
# lines scripts/smpbench.sh gathers (INFO, BENCH kind=smp with pcp= and
# lost=, CLASS rows of stress's table), and raw/smp.dat for bench/smp.gp.
# Exits 1 if a run lost a page or a heap byte.

# Split a "TAG key=value ..." line into F.
function parse(   i, kv) {
  split("", F)
  for (i = 2; i <= NF; i++) {
    split($i, kv, "=")
    F[kv[1]] = kv[2]
  }
}

# n per thousand of d, with one decimal; "-" when d is 0.
function per1000(n, d) {
  return d > 0 ? sprintf("%.1f", 1000 * n / d) : "-"
}

# The run's key: allocator, CPUs, per-CPU page lists.
function key(a, c, p) {
  return a " " c " " p
}

$1 == "INFO"  { parse(); for (k in F) INFO[k] = F[k] }
$1 == "BENCH" {
  parse()
  k = key(F["alloc"], F["cpus"], F["pcp"])
  runs[++nruns] = k
  for (f in F) R[k, f] = F[f]
}
$1 == "CLASS" { k = key($2, $3, $4); line = $0
                sub(/^CLASS [^ ]+ [^ ]+ [^ ]+ /, "", line)
                CL[k] = CL[k] line "\n" }

# One row of the table for run k.
function row(k,   o, w) {
  o = R[k, "ops"]; w = R[k, "wall"]
  printf "| %s | %d | %d | %d | %d | %s | %d | %d | %s | %s | %d | %d | %s | %s | %s |\n",
    R[k, "alloc"], R[k, "pcp"], R[k, "cpus"], o, w,
    (w > 0 ? sprintf("%.0f", o / w) : "-"),
    R[k, "heap_acquires"], R[k, "heap_contended"],
    per1000(R[k, "heap_contended"], R[k, "heap_acquires"]),
    per1000(R[k, "heap_contended"], o),
    R[k, "page_acquires"], R[k, "page_contended"],
    per1000(R[k, "page_contended"], R[k, "page_acquires"]),
    per1000(R[k, "page_contended"], o),
    R[k, "lost"] == 0 ? "none" : "**LOST**"
}

# Print whether goal what is met, with the figure.
function goal(what, figure, ok) {
  printf "- %s: %s: %s\n", what, figure, ok ? "met" : "**missed**"
}

END {
  print "\n## SMP contention\n"
  print "`stress -w smp -c " INFO["ops"] "`: 4 processes at once, each " INFO["ops"] " operations: a third of its"
  print "steps replay a 256-operation kernel-like heap trace (kmreplay without its reaps),"
  print "a third grow the heap by 1..16 pages with sbrk, touch them and shrink it, and"
  print "a third fork a child that writes a byte and exits. The lock counters are reset"
  print "before and read after (lockstat); heap = the classes in LOCKS_HEAP (kr, or"
  print "the slab's kmcache and caches), page = LOCKS_PAGE (kmem, pcp)."
  print "QEMU " INFO["qemu"] ", multi-threaded TCG (no -icount), on a host with " INFO["nproc"] " cores"
  print "(load average " INFO["load"] " when the section began); per-CPU page lists on (PCP=1)"
  print "but for the last row. Wall time is guest ticks (10 ms); it and the"
  print "contention depend on the host (bench/README.md).\n"
  print "| heap | PCP | CPUs | ops | wall | ops/tick | heap acquires | contended | per 1000 acq | per 1000 ops | page acquires | contended | per 1000 acq | per 1000 ops | lost |"
  print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  bad = 0
  for (i = 1; i <= nruns; i++) {
    row(runs[i])
    if (R[runs[i], "lost"] != 0)
      bad = 1
  }
  s = key("slab", 4, 1); kr = key("kr", 4, 1); np = key("slab", 4, 0)
  print "\nThe goals (issue 12), on 4 CPUs:\n"
  sc = R[s, "heap_contended"]; sa = R[s, "heap_acquires"]
  goal("slab heap locks contended on at most 1% of acquires",
       per1000(sc, sa) " per 1000", sa > 0 && 1000 * sc <= 10 * sa)
  krc = R[kr, "heap_contended"] * R[s, "ops"]; slc = sc * R[kr, "ops"]
  goal("slab heap contention at least ten times less than K&R's (contended acquires, same workload)",
       R[kr, "heap_contended"] " against " sc (slc > 0 ? sprintf(" (%.0fx)", krc / slc) : ""),
       krc >= 10 * slc && krc > 0)
  printf "- page allocator's locks, slab: %s contended per 1000 acquires with per-CPU page lists, %s without (%s and %s per 1000 operations)\n",
    per1000(R[s, "page_contended"], R[s, "page_acquires"]),
    per1000(R[np, "page_contended"], R[np, "page_acquires"]),
    per1000(R[s, "page_contended"], R[s, "ops"]),
    per1000(R[np, "page_contended"], R[np, "ops"])
  print "- no page or heap byte lost in any run: " (bad ? "**missed**" : "met")
  print "\nThe classes of the 4-CPU runs (stress's table: the heap's and the page"
  print "allocator's, and any other class contended at all):\n"
  split(kr " " s " " np, order, " ")
  for (i = 1; i <= 9; i += 3) {
    k = key(order[i], order[i + 1], order[i + 2])
    print "ALLOC=" order[i] " PCP=" order[i + 2] ":\n"
    print "```\n" CL[k] "```\n"
  }
  print "![contended acquires per 1000 and throughput against CPUs](smp.svg)"
  # For smp.gp: CPUs, then per allocator heap and page per 1000 acquires
  # and ops per tick.
  for (c = 1; c <= 4; c *= 2) {
    line = c
    split("kr slab", al, " ")
    for (j = 1; j <= 2; j++) {
      k = key(al[j], c, 1)
      line = line " " per1000(R[k, "heap_contended"], R[k, "heap_acquires"]) \
                  " " per1000(R[k, "page_contended"], R[k, "page_acquires"]) \
                  " " (R[k, "wall"] > 0 ? R[k, "ops"] / R[k, "wall"] : "-")
    }
    k = key("slab", c, 0)
    line = line " " ((k, "ops") in R ? per1000(R[k, "page_contended"], R[k, "page_acquires"]) : "-")
    print line > (raw "/smp.dat")
  }
  exit bad
}
