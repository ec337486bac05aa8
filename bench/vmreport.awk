# vmreport.awk: results.md's "Virtual memory" section and its plot's
# data, from vmbench's BENCH lines (kind=vmfork, kind=fault, tagged conf=)
# and bench/vmbefore.txt's BEFORE lines (the same program's lines from the
# kernel before copy-on-write). Loaded with report.awk, whose parse, f1,
# ratio, nan and fail it uses; report.awk calls vmkeep, vmchecks,
# vmsection and vmdata. Variable: vmconfs, the builds vmbench ran in.

$1 == "BEFORE" {
  parse()
  vmbefore = F["commit"]
  if (F["kind"] == "vmfork") {
    BF[F["conf"], F["mib"]] = F["instr"]
    BFWHY[F["conf"], F["mib"]] = F["why"]
  } else if (F["kind"] == "fault") {
    BT[F["conf"], F["name"]] = F["instr"]
    BTWHY[F["conf"], F["name"]] = F["why"]
  }
}

# Keep the current vmbench BENCH line (parsed into F) of build c: the
# heap sizes and the fault kinds in the order they first come.
function vmkeep(c,   k) {
  vbatches = F["batches"]
  vover = F["overhead"]
  if (F["kind"] == "vmfork") {
    k = F["mib"]
    if (!(k in VFN))
      vmib[++nvmib] = k
    VFN[k] = F["n"]
    VF[c, k] = F["instr"]
    VFWHY[c, k] = F["why"]
    VFPAGES[c, k] = F["heap_pages"]
    return
  }
  k = F["name"]
  if (!(k in VTWHAT)) {
    vkind[++nvkind] = k
    VTWHAT[k] = F["what"]
    gsub(/_/, " ", VTWHAT[k])
  }
  vn = F["n"]
  VT[c, k] = F["instr"]
  VTWHY[c, k] = F["why"]
}

# A figure as a table cell: one decimal, "-" when the kernel could not
# do it, "n/a" when it was not measured.
function vmcell(x) {
  return x == "-" ? "-" : f1(x)
}

# A figure for the plot: NaN unless measured.
function vmnum(x) {
  return x == "-" ? "NaN" : nan(x)
}

# What a vmbench "why" means, in words.
function vmwhy(w) {
  if (w == "fork_copies")
    return "the write took no page fault: fork copied every private page (no copy-on-write)"
  if (w == "fork_maps_shared")
    return "the read took no page fault: fork mapped the parent's shared pages into the child"
  if (w == "no_fault")
    return "the access took no page fault"
  if (w == "mmap_of_a_file_fails")
    return "mmap of a file fails (no file-backed mmap)"
  if (w == "fork_fails")
    return "fork failed: the child's copy of the heap does not fit in memory"
  if (w == "memory_short")
    return "the heap itself does not fit in free memory"
  return w
}

# Check that every build vmbench was to run in gave its figures.
function vmchecks(   i, c, n) {
  n = split(vmconfs, c, " ")
  for (i = 1; i <= n; i++)
    if (!((c[i], vkind[1]) in VT) || !((c[i], vmib[1]) in VF))
      fail("other", c[i] ": no vmbench results")
}

# The Virtual memory section: fork against the resident heap, then the
# cost of each kind of page fault, each beside the figures from before
# copy-on-write.
function vmsection(   n, c) {
  n = split(vmconfs, c, " ")
  print "## Virtual memory\n"
  print "`vmbench` (userland/bin/vmbench.c), issue 11's benchmark, in " c[1] " and " c[n] ", a boot of its own each:"
  print "written by `make bench` on commit " INFO["commit"] "; `make run ICOUNT=1 RUN=vmbench` (with `ALLOC=slab` for slab)"
  print "prints the same figures. Guest instructions: each operation timed alone with rdtsc, less an empty"
  print "measurement (" vover " instructions); the smallest mean of " vbatches " batches (ubench's method, bench/README.md)."
  print "\"-\": this kernel cannot do it (why below). Before copy-on-write: the same program on commit " \
        (vmbefore == "" ? "n/a" : vmbefore) ","
  print "the kernel before issue 11's copy-on-write fork and file mappings (bench/vmbefore.txt).\n"
  vmforks(c[1], c[n])
  vmfaults(c[1], c[n])
  vmnotes(c, n)
}

# fork + exit + wait against the parent's resident heap, builds a and b.
function vmforks(a, b,   i, k) {
  print "**fork against the parent's resident heap.** fork + exit + wait, the child exiting at once (one CPU, so the"
  print "child's instructions and both switches count), with the parent's heap grown by sbrk and every page written.\n"
  print "| heap resident | forks per batch | K&R | slab | K&R before | slab before |"
  print "| --- | --- | --- | --- | --- | --- |"
  for (i = 1; i <= nvmib; i++) {
    k = vmib[i]
    print "| " k " MiB | " VFN[k] " | " vmcell(VF[a, k]) " | " vmcell(VF[b, k]) " | " \
          vmcell(BF[a, k]) " | " vmcell(BF[b, k]) " |"
  }
  print ""
  vmslope(b)
}

# In words: how fork's cost in build c grows with the resident heap, now
# and before copy-on-write, over the largest heap both measured.
function vmslope(c,   i, k, top, now, was) {
  for (i = nvmib; i > 1 && top == ""; i--) {
    k = vmib[i]
    if (VF[c, k] != "-" && VF[c, k] != "" && BF[c, k] != "-" && BF[c, k] != "")
      top = k
  }
  if (top == "" || VFPAGES[c, top] + 0 == 0)
    return
  now = (VF[c, top] - VF[c, vmib[1]]) / VFPAGES[c, top]
  was = (BF[c, top] - BF[c, vmib[1]]) / VFPAGES[c, top]
  printf "%s: from no heap to %s MiB resident (%d pages) fork's cost grows %s times, %.1f guest instructions per " \
         "resident page; before copy-on-write %s times, %.1f per page.\n\n", c, top, VFPAGES[c, top], \
         f1(ratio(VF[c, top], VF[c, vmib[1]])), now, f1(ratio(BF[c, top], BF[c, vmib[1]])), was
  k = vmib[nvmib]
  if (VF[c, k] != "-" && VF[c, k] != "" && BF[c, k] == "-")
    print "At " k " MiB resident fork costs " f1(VF[c, k]) "; before copy-on-write it could not run: " vmwhy(BFWHY[c, k]) ".\n"
}

# The cost of each kind of page fault, builds a and b.
function vmfaults(a, b,   i, k) {
  print "**Page faults.** One fault, timed as the load or store that takes it (the trap, the handling, the return"
  print "and the access again), in batches of " vn " faults of a kind; bench/README.md says how each kind is set up.\n"
  print "| kind | K&R | slab | K&R before | slab before |"
  print "| --- | --- | --- | --- | --- |"
  for (i = 1; i <= nvkind; i++) {
    k = vkind[i]
    print "| " VTWHAT[k] " | " vmcell(VT[a, k]) " | " vmcell(VT[b, k]) " | " vmcell(BT[a, k]) " | " vmcell(BT[b, k]) " |"
  }
  print ""
}

# Why each figure of builds c[1..n] is missing, now or before
# copy-on-write, once per kind and reason.
function vmnotes(c, n,   i, j, k, w, b, seen, any) {
  for (j = 1; j <= n; j++) {
    for (i = 1; i <= nvkind; i++) {
      k = vkind[i]
      w = VTWHY[c[j], k]
      b = BTWHY[c[j], k]
      if (w != "" && !((k, w) in seen)) {
        seen[k, w] = 1
        print "- **" VTWHAT[k] "**: " vmwhy(w) "."
        any = 1
      }
      if (b != "" && !((k, b, "before") in seen)) {
        seen[k, b, "before"] = 1
        print "- **" VTWHAT[k] "**, before copy-on-write: " vmwhy(b) "."
        any = 1
      }
    }
    for (i = 1; i <= nvmib; i++) {
      k = vmib[i]
      w = VFWHY[c[j], k]
      if (w != "" && !((k, w) in seen)) {
        seen[k, w] = 1
        print "- **fork at " k " MiB**: " vmwhy(w) "."
        any = 1
      }
      w = BFWHY[c[j], k]
      if (w != "" && !((k, w, "before") in seen)) {
        seen[k, w, "before"] = 1
        print "- **fork at " k " MiB**, before copy-on-write: " vmwhy(w) "."
        any = 1
      }
    }
  }
  if (any)
    print ""
}

# Data for the vm plot: fork's cost per resident size (both builds, now
# and before), and each fault kind's cost (0, no bar, when unsupported:
# gnuplot refuses a histogram of nothing but NaN).
function vmdata(   n, c, i, k, f) {
  n = split(vmconfs, c, " ")
  f = raw "/vmfork.dat"
  for (i = 1; i <= nvmib; i++) {
    k = vmib[i]
    print k, vmnum(VF[c[1], k]), vmnum(VF[c[n], k]), vmnum(BF[c[1], k]), vmnum(BF[c[n], k]) > f
  }
  close(f)
  f = raw "/vmfault.dat"
  for (i = 1; i <= nvkind; i++) {
    k = vkind[i]
    print "\"" VTWHAT[k] "\"", VT[c[1], k] + 0, VT[c[n], k] + 0 > f
  }
  close(f)
}
