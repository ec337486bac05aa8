# modx6 build. `make` builds the kernel and disk image for the current
# configuration (config.mk); see README.md for the targets and knobs.

include config.mk

# ---- knobs ----------------------------------------------------------------
ifeq ($(filter $(CPUS),1 2 3 4 5 6 7 8),)
$(error CPUS must be one of 1..8 (got '$(CPUS)'))
endif

ifeq ($(filter $(ALLOC),kr slab),)
$(error ALLOC must be one of: kr slab (got '$(ALLOC)'))
endif
ifeq ($(filter $(DEBUG),0 1),)
$(error DEBUG must be 0 or 1 (got '$(DEBUG)'))
endif

ifeq ($(filter $(PLACEMENT),firstfit nearest),)
$(error PLACEMENT must be one of: firstfit nearest (got '$(PLACEMENT)'))
endif

CONFIG := $(ALLOC)-$(PLACEMENT)$(if $(filter 1,$(DEBUG)),-debug)
KDEFS := -DPLACEMENT_$(shell echo $(PLACEMENT) | tr a-z A-Z) $(if $(filter 1,$(DEBUG)),-DKDEBUG)
B := build/$(CONFIG)
T := build/host

# Install missing tools once per make invocation (fast when all are there).
ifeq ($(filter clean,$(MAKECMDGOALS)),)
DEPS_OUT := $(shell scripts/deps.sh >&2 || echo FAILED)
ifneq ($(DEPS_OUT),)
$(error scripts/deps.sh could not install the build tools)
endif
endif

# ---- tools ----------------------------------------------------------------
CC := gcc
LD := ld
OBJCOPY := objcopy
QEMU := qemu-system-i386
LIBGCC := $(shell $(CC) -m32 -print-libgcc-file-name)

INC := -I. -Iuserland/include
BASECFLAGS := -m32 -march=i686 -fno-pic -fno-pie -static -fno-builtin \
	-fno-strict-aliasing -fno-omit-frame-pointer -fno-stack-protector \
	-ffreestanding -fno-common -nostdinc -ggdb -O2 -MD -MP
KCFLAGS := $(BASECFLAGS) -Wall -Werror $(INC) $(KDEFS)
UCFLAGS := $(BASECFLAGS) -Iuserland/include
ASFLAGS := -m32 -gdwarf-2 -Wa,--divide -MD $(INC)
LDFLAGS := -m elf_i386 --no-warn-rwx-segments

# ---- kernel ---------------------------------------------------------------
# Every .c of these folders, but of alloc/kmalloc_*.c only $(ALLOC)'s.
KDIRS := core core/dev alloc vm fs syscalls
KCSRC := $(filter-out $(filter-out alloc/kmalloc_$(ALLOC).c,$(wildcard alloc/kmalloc_*.c)), \
	$(foreach d,$(KDIRS),$(wildcard $(d)/*.c)))
KSSRC := core/entry.S core/trapasm.S core/swtch.S core/blobs.S
KOBJS := $(patsubst %.c,$(B)/%.o,$(KCSRC)) $(patsubst %.S,$(B)/%.o,$(KSSRC)) \
	$(B)/core/vectors.o

all: $(B)/kernel $(B)/fs.img

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -c -o $@ $<

$(B)/core/vectors.S: scripts/vectors.sh
	@mkdir -p $(@D)
	sh scripts/vectors.sh > $@

$(B)/core/vectors.o: $(B)/core/vectors.S
	$(CC) $(ASFLAGS) -c -o $@ $<

# Raw binaries linked into the kernel: the first user program and the
# real-mode start-up code for the other CPUs.
$(B)/initcode.bin: core/initcode.S
	@mkdir -p $(B)/blob
	$(CC) $(ASFLAGS) -nostdinc -c -o $(B)/blob/initcode.o $<
	$(LD) $(LDFLAGS) -N -e start -Ttext 0 -o $(B)/blob/initcode.elf $(B)/blob/initcode.o
	$(OBJCOPY) -S -O binary $(B)/blob/initcode.elf $@

$(B)/entryother.bin: core/entryother.S
	@mkdir -p $(B)/blob
	$(CC) $(ASFLAGS) -nostdinc -c -o $(B)/blob/entryother.o $<
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
ULIBSRC := $(wildcard userland/lib/*.c) userland/lib/usys.S
ULIBOBJ := $(patsubst %.c,$(B)/%.o,$(patsubst %.S,$(B)/%.o,$(ULIBSRC)))
UPROGS := $(patsubst userland/%.c,$(B)/user/%,$(wildcard userland/bin/*.c userland/tests/*.c))
UPROGS_EXTRA ?=
UEXTRA := $(foreach p,$(UPROGS_EXTRA),$(B)/user/extra/$(basename $(notdir $(p))))

$(B)/userland/%.o: userland/%.c
	@mkdir -p $(@D)
	$(CC) $(UCFLAGS) -Wall -Werror -c -o $@ $<

$(B)/userland/%.o: userland/%.S
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -c -o $@ $<

$(B)/ulib.a: $(ULIBOBJ)
	rm -f $@
	ar rcs $@ $^

# The image gets stripped programs (MAXFILE caps a file at 70 KiB);
# NAME.debug keeps the symbols for gdb.
$(B)/user/%: $(B)/userland/%.o $(B)/ulib.a
	@mkdir -p $(@D)
	$(LD) $(LDFLAGS) -N -e main -Ttext 0 -o $@.debug $< $(B)/ulib.a $(LIBGCC)
	$(OBJCOPY) -S $@.debug $@

# Programs from outside the tree (xv6 programs, say): warnings are fine.
define extra_rule
$(B)/user/extra/$(basename $(notdir $(1))): $(1) $(B)/ulib.a
	@mkdir -p $(B)/user/extra
	$(CC) $(UCFLAGS) -w -c -o $(B)/user/extra/$(basename $(notdir $(1))).o $(1)
	$(LD) $(LDFLAGS) -N -e main -Ttext 0 -o $$@.debug $(B)/user/extra/$(basename $(notdir $(1))).o $(B)/ulib.a $(LIBGCC)
	$(OBJCOPY) -S $$@.debug $$@
endef
$(foreach p,$(UPROGS_EXTRA),$(eval $(call extra_rule,$(p))))

# ---- disk image -------------------------------------------------------------
$(T)/mkfs: scripts/mkfs.c userland/include/fs.h userland/include/param.h
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Werror -Iuserland/include -o $@ scripts/mkfs.c

$(B)/fs.img: $(T)/mkfs README.md $(UPROGS) $(UEXTRA)
	$(T)/mkfs $@ README.md $(UPROGS) $(UEXTRA)

# ---- running ------------------------------------------------------------------
QEMUOPTS = -accel tcg -kernel $(B)/kernel -m $(MEM) -smp $(SMP) -no-reboot \
	-drive file=$(B)/fs.img,index=1,media=disk,format=raw \
	-net none

# One socket per CPU: SeaBIOS's MP table lists only the first CPU of each
# package, and QEMU packs -smp N into one package by default.
SMP = $(CPUS),sockets=$(CPUS),cores=1,threads=1

# A window when there is a display QEMU can use, else the terminal.
HAVE_DISPLAY := $(if $(DISPLAY)$(WAYLAND_DISPLAY),$(shell $(QEMU) -display help 2>/dev/null | grep -Eqx 'gtk|sdl' && echo yes))

qemu: $(B)/kernel $(B)/fs.img
ifeq ($(HAVE_DISPLAY),yes)
	$(QEMU) -serial mon:stdio $(QEMUOPTS)
else
	@echo "qemu: no display, using the terminal (Ctrl-A x quits)"
	$(QEMU) -nographic $(QEMUOPTS)
endif

qemu-nox: $(B)/kernel $(B)/fs.img
	$(QEMU) -nographic $(QEMUOPTS)

GDBPORT := $(shell expr `id -u` % 5000 + 25000)
.gdbinit: scripts/gdbinit.tmpl
	sed -e "s/@PORT@/$(GDBPORT)/" -e "s|@KERNEL@|$(B)/kernel|" $< > $@

qemu-gdb: $(B)/kernel $(B)/fs.img .gdbinit
	@echo "*** Now run 'gdb' in another window." 1>&2
	$(QEMU) -nographic $(QEMUOPTS) -S -gdb tcp::$(GDBPORT)

# Boot headless on a copy of the image, type $(RUN) into the shell, power off.
run: $(B)/kernel $(B)/fs.img
	@QEMU="$(QEMU)" QEMUOPTS_BASE="-accel tcg -m $(MEM) -smp $(SMP) -no-reboot -net none" \
		TIMEOUT="$(TIMEOUT)" sh scripts/run.sh $(B) "$(RUN)"

# ---- checks -------------------------------------------------------------------
SPARSE := sparse -m32 -ffreestanding -nostdinc -Wsparse-all -Wsparse-error \
	-Wno-declaration-after-statement $(INC) $(KDEFS)

check:
	@fail=0; for f in $(KCSRC); do \
		$(SPARSE) $$f || fail=1; \
	done; \
	if [ $$fail -ne 0 ]; then echo "check: sparse found problems"; exit 1; fi; \
	echo "check: sparse clean over $(words $(KCSRC)) kernel files"

# Host unit tests (cmocka, ASan/UBSan), built natively.
HOSTCFLAGS := -MD -MP -g -O1 -Wall -Werror -fsanitize=address,undefined \
	-fno-omit-frame-pointer -fno-sanitize-recover=all -I. -Iuserland/include
HOSTTESTS := $(patsubst tests/%.c,$(T)/%,$(wildcard tests/test_*.c))
TESTHDRS := $(wildcard tests/*.h)

$(T)/test_%: tests/test_%.c $(TESTHDRS)
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) -o $@ $< $(TEST_SRCS_$*) -lcmocka

hosttest: $(HOSTTESTS)
	@for t in $(HOSTTESTS); do $$t || exit 1; done

# libFuzzer targets driving the host allocator model (clang).
FUZZTIME ?= 60
FUZZ := $(T)/fuzz_kr $(T)/fuzz_slab
$(T)/fuzz_%: tests/fuzz_kmalloc.c $(TESTHDRS) alloc/buddy.c core/kmalloc.c alloc/kmalloc_%.c
	@mkdir -p $(@D)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -Wall -Werror -I. -Iuserland/include \
		-DKMSRC='"alloc/kmalloc_$*.c"' -o $@ $<

fuzz:
	@EXTRA_DEPS="clang libclang-rt-14-dev" sh scripts/deps.sh
	@$(MAKE) -s $(FUZZ)
	@for f in $(FUZZ); do $$f -max_total_time=$(FUZZTIME) -max_len=4096 \
		-artifact_prefix=$(T)/ || exit 1; done

test:
	@sh scripts/test.sh

# Benchmarks: the four configurations and the host allocators (bench/README.md).
QUICK ?= 0
bench:
	@QUICK=$(QUICK) sh scripts/bench.sh

clean:
	rm -rf build .gdbinit

.PHONY: all qemu qemu-nox qemu-gdb run check hosttest fuzz test bench clean

-include $(shell find build -name '*.d' 2>/dev/null)
