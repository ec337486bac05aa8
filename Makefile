# modx6 build. `make` builds the kernel and disk image for the current
# configuration (config.mk); see README.md for the targets and knobs.
# Parsing does no work: tools are installed and QEMU is probed in recipes.

include config.mk

.DEFAULT_GOAL := all

# ---- knobs ----------------------------------------------------------------
ALLOCS := kr slab
PLACEMENTS := firstfit nearest
MEM_MIN := 16
MEM_MAX := 4096

# $(call spread,S): S with a space after every digit ("1a2" -> "1 a2 ").
spread = $(subst 9,9 ,$(subst 8,8 ,$(subst 7,7 ,$(subst 6,6 ,$(subst 5,5 ,$(subst \
	4,4 ,$(subst 3,3 ,$(subst 2,2 ,$(subst 1,1 ,$(subst 0,0 ,$(1)))))))))))
# $(call natural,S): S if it is a positive decimal number without leading
# zeros, else empty.
natural = $(if $(filter-out 0 1 2 3 4 5 6 7 8 9,$(call spread,$(1)))$(filter \
	0%,$(1))$(word 2,$(1)),,$(1))
# $(call numle,A,B): non-empty if natural A <= natural B: the shorter is
# smaller, and equal lengths compare as strings.
ndigits = $(words $(call spread,$(1)))
numle = $(if $(filter $(call ndigits,$(1)),$(call ndigits,$(2))),$(filter \
	$(1),$(firstword $(sort $(1) $(2)))),$(filter $(call ndigits,$(1)),$(wordlist \
	1,$(call ndigits,$(2)),1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20)))

ifeq ($(filter $(CPUS),1 2 3 4 5 6 7 8),)
$(error CPUS must be one of 1..8 (got '$(CPUS)'))
endif
ifeq ($(filter $(ALLOC),$(ALLOCS)),)
$(error ALLOC must be one of: $(ALLOCS) (got '$(ALLOC)'))
endif
ifeq ($(filter $(DEBUG),0 1),)
$(error DEBUG must be 0 or 1 (got '$(DEBUG)'))
endif
ifeq ($(filter $(PCP),0 1),)
$(error PCP must be 0 or 1 (got '$(PCP)'))
endif
ifeq ($(filter $(ICOUNT),0 1),)
$(error ICOUNT must be 0 or 1 (got '$(ICOUNT)'))
endif
# QEMU's -icount runs every CPU on one instruction counter: the other
# CPU's instructions land in a measurement, and with CPUS=2 more than half
# the boots that ran ubench hung (QEMU 7.2). So ICOUNT=1 means one CPU;
# CPUS set to more beside it is refused.
ifeq ($(ICOUNT)$(origin CPUS),1file)
CPUS := 1
endif
ifeq ($(ICOUNT),1)
ifneq ($(CPUS),1)
$(error ICOUNT=1 needs CPUS=1 (got '$(CPUS)'): under -icount QEMU runs every CPU on one counter)
endif
endif
ifeq ($(filter $(PLACEMENT),$(PLACEMENTS)),)
$(error PLACEMENT must be one of: $(PLACEMENTS) (got '$(PLACEMENT)'))
endif
ifeq ($(call natural,$(TIMEOUT)),)
$(error TIMEOUT must be a positive number of seconds (got '$(TIMEOUT)'))
endif
ifeq ($(and $(call natural,$(MEM)),$(call numle,$(MEM_MIN),$(MEM)),$(call numle,$(MEM),$(MEM_MAX))),)
$(error MEM must be a number of MiB from $(MEM_MIN) to $(MEM_MAX) (got '$(MEM)'))
endif

# $(call kdefs,PLACEMENT,DEBUG,PCP): the compiler defines those knobs select.
kdefs = $(if $(filter nearest,$(1)),-DPLACEMENT_NEAREST,-DPLACEMENT_FIRSTFIT)$(if \
	$(filter 1,$(2)), -DKDEBUG)$(if $(filter 0,$(3)), -DKNOPCP)
# $(call confname,ALLOC,PLACEMENT,DEBUG,PCP): the build directory's name.
confname = $(1)-$(2)$(if $(filter 1,$(3)),-debug)$(if $(filter 0,$(4)),-nopcp)

CONFIG := $(call confname,$(ALLOC),$(PLACEMENT),$(DEBUG),$(PCP))
KDEFS := $(call kdefs,$(PLACEMENT),$(DEBUG),$(PCP))
B := build/$(CONFIG)
T := build/host

# Every target that runs a tool waits (order-only) for this stamp, so
# scripts/deps.sh runs once after a clone or a clean, not while parsing;
# `make deps` runs it again.
DEPOK := build/deps.ok
$(DEPOK): scripts/deps.sh
	@sh scripts/deps.sh
	@mkdir -p $(@D) && touch $@

deps:
	@sh scripts/deps.sh
	@mkdir -p $(dir $(DEPOK)) && touch $(DEPOK)

# ---- tools ----------------------------------------------------------------
CC := gcc
LD := ld
OBJCOPY := objcopy
QEMU := qemu-system-i386
# Asked of gcc on first use, in a recipe, so after the deps are installed.
LIBGCC = $(eval LIBGCC := $(shell $(CC) -m32 -print-libgcc-file-name))$(LIBGCC)

INC := -I. -Iuserland/include
BASECFLAGS := -m32 -march=i686 -fno-pic -fno-pie -static -fno-builtin \
	-fno-strict-aliasing -fno-omit-frame-pointer -fno-stack-protector \
	-ffreestanding -fno-common -nostdinc -ggdb -O2 -MD -MP
KCFLAGS := $(BASECFLAGS) -mgeneral-regs-only -Wall -Werror $(INC) $(KDEFS)
UCFLAGS := $(BASECFLAGS) -Iuserland/include
ASFLAGS := -m32 -gdwarf-2 -Wa,--divide -MD -MP $(INC)
LDFLAGS := -m elf_i386 --no-warn-rwx-segments

# ---- kernel ---------------------------------------------------------------
# Every C file in these directories is kernel source, except the heap
# implementations alloc/kmalloc_<ALLOC>.c, of which exactly one is linked.
KDIRS := core core/dev vm fs syscalls alloc
KHEAPS := $(ALLOCS:%=alloc/kmalloc_%.c)
KCOMMON := $(filter-out $(KHEAPS),$(foreach d,$(KDIRS),$(wildcard $(d)/*.c)))
ksrc = $(KCOMMON) alloc/kmalloc_$(1).c
KCSRC := $(call ksrc,$(ALLOC))
KSSRC := core/entry.S core/trapasm.S core/swtch.S core/blobs.S
KOBJS := $(patsubst %.c,$(B)/%.o,$(KCSRC)) $(patsubst %.S,$(B)/%.o,$(KSSRC)) \
	$(B)/core/vectors.o

all: $(B)/kernel $(B)/fs.img

$(B)/%.o: %.c | $(DEPOK)
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/%.o: %.S | $(DEPOK)
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -c -o $@ $<

$(B)/core/vectors.S: scripts/vectors.sh
	@mkdir -p $(@D)
	sh scripts/vectors.sh > $@

$(B)/core/vectors.o: $(B)/core/vectors.S | $(DEPOK)
	$(CC) $(ASFLAGS) -c -o $@ $<

# Raw binaries linked into the kernel: the first user program and the
# real-mode start-up code for the other CPUs.
$(B)/initcode.bin: core/initcode.S | $(DEPOK)
	@mkdir -p $(B)/blob
	$(CC) $(ASFLAGS) -MT $@ -nostdinc -c -o $(B)/blob/initcode.o $<
	$(LD) $(LDFLAGS) -N -e start -Ttext 0 -o $(B)/blob/initcode.elf $(B)/blob/initcode.o
	$(OBJCOPY) -S -O binary $(B)/blob/initcode.elf $@

$(B)/entryother.bin: core/entryother.S | $(DEPOK)
	@mkdir -p $(B)/blob
	$(CC) $(ASFLAGS) -MT $@ -nostdinc -c -o $(B)/blob/entryother.o $<
	$(LD) $(LDFLAGS) -N -e start -Ttext 0x7000 -o $(B)/blob/entryother.elf $(B)/blob/entryother.o
	$(OBJCOPY) -S -O binary -j .text $(B)/blob/entryother.elf $@

$(B)/core/blobs.o: core/blobs.S $(B)/initcode.bin $(B)/entryother.bin
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -Wa,-I$(B) -c -o $@ $<

$(B)/kernel: $(KOBJS) core/kernel.ld
	$(LD) $(LDFLAGS) -T core/kernel.ld -o $@ $(KOBJS) $(LIBGCC)
	objdump -S $@ > $(B)/kernel.asm
	nm -n $@ | grep -v ' [aU] ' > $(B)/kernel.sym

# ---- user programs ----------------------------------------------------------
# Objects are named in static pattern rules, so make never takes them for
# intermediate files and deletes them (which would rebuild fs.img).
ULIBCOBJ := $(patsubst %.c,$(B)/%.o,$(wildcard userland/lib/*.c))
ULIBOBJ := $(ULIBCOBJ) $(B)/userland/lib/usys.o
UPROGSRC := $(wildcard userland/bin/*.c userland/tests/*.c)
UOBJS := $(patsubst %.c,$(B)/%.o,$(UPROGSRC))
UPROGS := $(patsubst userland/%.c,$(B)/user/%,$(UPROGSRC))
UPROGS_EXTRA ?=
UEXTRA := $(foreach p,$(UPROGS_EXTRA),$(B)/user/extra/$(basename $(notdir $(p))))

$(ULIBCOBJ) $(UOBJS): $(B)/userland/%.o: userland/%.c | $(DEPOK)
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -Wall -Werror -c -o $@ $<

$(B)/userland/lib/usys.o: userland/lib/usys.S | $(DEPOK)
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -c -o $@ $<

$(B)/ulib.a: $(ULIBOBJ)
	rm -f $@
	ar rcs $@ $^

# The image gets stripped programs (MAXFILE caps a file at 70 KiB);
# NAME.debug keeps the symbols for gdb.
$(UPROGS): $(B)/user/%: $(B)/userland/%.o $(B)/ulib.a
	@mkdir -p $(@D)
	$(LD) $(LDFLAGS) -N -e main -Ttext 0 -o $@.debug $< $(B)/ulib.a $(LIBGCC)
	$(OBJCOPY) -S $@.debug $@

# Programs from outside the tree (xv6 programs, say): warnings are fine.
# Each also depends on the list, so naming another file of the same base
# name rebuilds it, whatever the files' times.
define extra_rule
$(B)/user/extra/$(basename $(notdir $(1))): $(1) $(B)/ulib.a $(B)/uprogs-extra
	@mkdir -p $(B)/user/extra
	$(CC) $(UCFLAGS) -w -c -o $(B)/user/extra/$(basename $(notdir $(1))).o $(1)
	$(LD) $(LDFLAGS) -N -e main -Ttext 0 -o $$@.debug $(B)/user/extra/$(basename $(notdir $(1))).o $(B)/ulib.a $$(LIBGCC)
	$(OBJCOPY) -S $$@.debug $$@
endef
$(foreach p,$(UPROGS_EXTRA),$(eval $(call extra_rule,$(p))))

# The list of extra programs the image was built with: rewritten (and so
# fs.img rebuilt) only when UPROGS_EXTRA differs from it.
UEXTRALIST := $(B)/uprogs-extra
ifneq ($(strip $(file <$(UEXTRALIST))),$(strip $(UPROGS_EXTRA)))
$(UEXTRALIST): FORCE
endif
$(UEXTRALIST):
	@mkdir -p $(@D)
	@printf '%s\n' '$(strip $(UPROGS_EXTRA))' > $@

# ---- disk image -------------------------------------------------------------
$(T)/mkfs: scripts/mkfs.c userland/include/fs.h userland/include/param.h | $(DEPOK)
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Werror -Iuserland/include -o $@ scripts/mkfs.c

$(B)/fs.img: $(T)/mkfs README.md $(UPROGS) $(UEXTRA) $(UEXTRALIST)
	$(T)/mkfs $@ README.md $(UPROGS) $(UEXTRA)

# ---- running ------------------------------------------------------------------
QEMUOPTS = $(ACCEL) -kernel $(B)/kernel -m $(MEM) -smp $(SMP) -no-reboot \
	-drive file=$(B)/fs.img,index=1,media=disk,format=raw \
	-net none

# ICOUNT=1: one nanosecond of virtual time per guest instruction, so the
# guest's time-stamp counter counts instructions (README: Measuring).
# Otherwise each guest CPU runs in a host thread of its own (QEMU's
# multi-threaded TCG, its default for i386 too; named so it stays so),
# and the guest's locks are contended for real. -icount refuses it.
ACCEL = $(if $(filter 1,$(ICOUNT)),-accel tcg -icount shift=0,-accel tcg$(comma)thread=multi)

# One socket per CPU: SeaBIOS's MP table lists only the first CPU of each
# package, and QEMU packs -smp N into one package by default.
SMP = $(CPUS),sockets=$(CPUS),cores=1,threads=1

# $(call qemu_window,EXTRA): run QEMU in a window when there is a display
# it can use, else on the terminal.
qemu_window = if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] && \
		$(QEMU) -display help 2>/dev/null | grep -Eqx 'gtk|sdl'; then \
		$(QEMU) -serial mon:stdio $(QEMUOPTS) $(1); \
	else \
		echo "qemu: no display, using the terminal (Ctrl-A x quits)"; \
		$(QEMU) -nographic $(QEMUOPTS) $(1); \
	fi

qemu: $(B)/kernel $(B)/fs.img | $(DEPOK)
	@$(call qemu_window,)

qemu-nox: $(B)/kernel $(B)/fs.img | $(DEPOK)
	$(QEMU) -nographic $(QEMUOPTS)

# gdb: qemu-gdb writes one script per configuration (the port may differ
# from the last run's) and points ./.gdbinit at it.
GDBPORT ?= $(shell expr `id -u` % 5000 + 25000)
gdbsetup = sed -e "s|@PORT@|$(GDBPORT)|" -e "s|@KERNEL@|$(CURDIR)/$(B)/kernel|" \
		-e "s|@USER@|$(B)/user|" scripts/gdbinit.tmpl > $(B)/gdbinit; \
	echo "source $(CURDIR)/$(B)/gdbinit" > .gdbinit; \
	echo "*** QEMU waits for gdb on port $(GDBPORT). In another terminal here:" >&2; \
	echo "***   gdb -x $(B)/gdbinit" >&2; \
	echo "*** (plain 'gdb' works once ~/.gdbinit has: add-auto-load-safe-path $(CURDIR)/.gdbinit)" >&2

qemu-gdb: $(B)/kernel $(B)/fs.img | $(DEPOK)
	@$(gdbsetup)
	@$(call qemu_window,-S -gdb tcp::$(GDBPORT))

qemu-nox-gdb: $(B)/kernel $(B)/fs.img | $(DEPOK)
	@$(gdbsetup)
	$(QEMU) -nographic $(QEMUOPTS) -S -gdb tcp::$(GDBPORT)

# Boot headless on a copy of the image, type $(RUN) into the shell, power off.
run: $(B)/kernel $(B)/fs.img | $(DEPOK)
	@QEMU="$(QEMU)" QEMUOPTS_BASE="$(ACCEL) -m $(MEM) -smp $(SMP) -no-reboot -net none" \
		TIMEOUT="$(TIMEOUT)" sh scripts/run.sh $(B) "$(RUN)"

# ---- checks -------------------------------------------------------------------
# sparse over every kernel file in every configuration. A check depends
# only on the file and the defines, so each distinct pair runs once (the
# files other than the heap see no ALLOC define); a unit is FILE@DEFINES,
# the defines joined by commas.
SPARSE := sparse -m32 -ffreestanding -nostdinc -Wsparse-all -Wsparse-error \
	-Wno-declaration-after-statement $(INC)
comma := ,
space := $(subst ,, )
checkunits = $(foreach f,$(call ksrc,$(1)),$(f)@$(subst $(space),$(comma),$(call kdefs,$(2),$(3),$(4))))
# $(call eachconf,FN): FN(ALLOC,PLACEMENT,DEBUG,PCP) over every configuration.
eachconf = $(foreach a,$(ALLOCS),$(foreach p,$(PLACEMENTS),$(foreach d,0 1,$(foreach \
	c,0 1,$(call $(1),$(a),$(p),$(d),$(c))))))
CHECKCONFS := $(call eachconf,confname)
CHECKUNITS := $(sort $(call eachconf,checkunits))

check: | $(DEPOK)
	@fail=0; for u in $(CHECKUNITS); do \
		$(SPARSE) $$(echo $${u#*@} | tr , ' ') $${u%@*} || \
			{ fail=1; echo "check: in $${u%@*} with $${u#*@}"; }; \
	done; \
	if [ $$fail -ne 0 ]; then echo "check: sparse found problems"; exit 1; fi; \
	echo "check: sparse clean over $(words $(call ksrc,$(ALLOC))) files x $(words \
		$(CHECKCONFS)) configurations (ALLOC $(ALLOCS) x PLACEMENT $(PLACEMENTS) x DEBUG 0 1 x PCP 0 1; $(words \
		$(CHECKUNITS)) distinct runs)"

# Host unit tests (cmocka, ASan/UBSan), built natively.
HOSTCFLAGS := -MD -MP -g -O1 -Wall -Werror -fsanitize=address,undefined \
	-fno-omit-frame-pointer -fno-sanitize-recover=all -I. -Iuserland/include
HOSTTESTS := $(patsubst tests/%.c,$(T)/%,$(wildcard tests/test_*.c))
TESTHDRS := $(wildcard tests/*.h)

$(HOSTTESTS): $(T)/test_%: tests/test_%.c $(TESTHDRS) | $(DEPOK)
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) -o $@ $< -lcmocka

hosttest: $(HOSTTESTS)
	@sh scripts/hosttest.sh $(HOSTTESTS)

# libFuzzer targets driving the host allocator model (clang); the sources
# they include come from their .d files.
FUZZTIME ?= 60
FUZZ := $(ALLOCS:%=$(T)/fuzz_%)
$(FUZZ): $(T)/fuzz_%: tests/fuzz_kmalloc.c $(TESTHDRS) alloc/kmalloc_%.c
	@mkdir -p $(@D)
	clang -MD -MP -g -O1 -fsanitize=fuzzer,address,undefined -Wall -Werror -I. -Iuserland/include \
		-DKMSRC='"alloc/kmalloc_$*.c"' -o $@ $<

fuzz:
	@EXTRA_DEPS="clang libclang-rt-14-dev" sh scripts/deps.sh
	@$(MAKE) -s $(FUZZ)
	@for f in $(FUZZ); do $$f -max_total_time=$(FUZZTIME) -max_len=4096 \
		-artifact_prefix=$(T)/ || exit 1; done

# Checks of this build system itself (scripts/selftest.sh).
selftest:
	@B=$(B) sh scripts/selftest.sh

test:
	@sh scripts/test.sh

# Benchmarks: the four configurations and the host allocators (bench/README.md).
QUICK ?= 0
bench:
	@QUICK=$(QUICK) sh scripts/bench.sh

clean:
	rm -rf build .gdbinit

FORCE:

.PHONY: all deps qemu qemu-nox qemu-gdb qemu-nox-gdb run check hosttest fuzz \
	selftest test bench clean FORCE
.DELETE_ON_ERROR:

-include $(wildcard $(KOBJS:.o=.d) $(ULIBOBJ:.o=.d) $(UOBJS:.o=.d) \
	$(B)/blob/initcode.d $(B)/blob/entryother.d $(HOSTTESTS:=.d) $(FUZZ:=.d))
