# smtplab — top-level Makefile.  The targets are the interface (see README.md):
#   make          build everything into bin/
#   make check    build, then run every test (plain, ASan+UBSan, valgrind)
#   make check-unit  build and run only the GTest unit tests of tests/unit/
#                 and tests/viewer/ (plain build, seconds)
#   make demo     the RFC 821 tour
#   make labs     one student bundle per lab (build/labs/NN-name.tar.gz)
#   make autograder LAB=NN   a Gradescope autograder for lab NN
#   make bench    the performance targets of docs/benchmarks.md (minutes
#                 on 2 cores; QUICK=1: under two minutes, docs left alone)
#   make fuzz     the libFuzzer harnesses of fuzz/, FUZZ_SECONDS each
#   make install  PREFIX=/usr/local DESTDIR=

.DEFAULT_GOAL := all
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
# SAN=1 builds with AddressSanitizer + UndefinedBehaviorSanitizer into build-san/.
SAN      ?=

PKGS     := glib-2.0 gio-2.0 gio-unix-2.0 json-glib-1.0 openssl
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -Ilib -Ilib/io \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS     := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

ifeq ($(SAN),1)
OUT      := build-san
BIN      := build-san/bin
CFLAGS   ?= -O1
CFLAGS_ALL := $(CFLAGS_BASE) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS_ALL := -fsanitize=address,undefined $(LDFLAGS)
else
OUT      := build
BIN      := bin
CFLAGS   ?= -O2
CFLAGS_ALL := $(CFLAGS_BASE) $(CFLAGS)
LDFLAGS_ALL := $(LDFLAGS)
endif

LIB_SRC  := $(sort $(wildcard lib/*.c lib/io/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(OUT)/%.o)
LIBA     := $(OUT)/libsmtplab.a

# libedit (BSD licence) gives the client's step mode line editing and history.
smtplab-client_LIBS = $(shell pkg-config --libs libedit 2>/dev/null)

# Every program is a folder of .c files linked against libsmtplab.
PROGRAMS := server:smtplab-server term:smtplab-term client:smtplab-client net:smtplab-net
define program
$(2)_SRC := $$(sort $$(wildcard $(1)/*.c))
$(2)_OBJ := $$($(2)_SRC:%.c=$(OUT)/%.o)
ifneq ($$($(2)_SRC),)
ALL_BINS += $(BIN)/$(2)
$(BIN)/$(2): $$($(2)_OBJ) $(LIBA)
	@mkdir -p $$(@D)
	$(CC) -o $$@ $$($(2)_OBJ) $(LIBA) $(LDFLAGS_ALL) $(LIBS) $$($(2)_LIBS)
endif
endef
$(foreach p,$(PROGRAMS),$(eval $(call program,$(word 1,$(subst :, ,$(p))),$(word 2,$(subst :, ,$(p))))))
PROGRAM_BINS := $(ALL_BINS)

# make bench's storing alone (bench/store-alone.c): lib/io/store.c, no SMTP.
STORE_ALONE := $(OUT)/bench/store-alone

# A lab's probe (labs/NN-name/probe.c) prints a seam's answers for its checks.
LAB_PROBES := $(patsubst labs/%/probe.c,$(OUT)/labs/%/probe,$(sort $(wildcard labs/*/probe.c)))

UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/%)

# The GTK 4 viewer: its own rules and flags.
include mk/viewer.mk

.PHONY: all programs deps check check-unit demo bench fuzz fuzz-build slides labs autograder install install-files clean
all: $(ALL_BINS) $(UNIT_BIN) $(VIEWER_ALL) $(STORE_ALONE) $(LAB_PROBES) certs/.made

# make programs: what a lab's grader needs (no viewer, no tests).
programs: $(PROGRAM_BINS) $(LAB_PROBES) certs/.made

# The lab CA and one certificate per scenario host (STARTTLS lessons).
SCENARIOS := $(sort $(wildcard labs/scenarios/*.ini))
certs/.made: mk/certs.sh $(SCENARIOS)
	sh mk/certs.sh certs $(SCENARIOS) && touch $@

deps:
	@sh mk/deps.sh

$(OUT)/%.o: %.c $(wildcard lib/*.h lib/io/*.h) $(wildcard */*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(STORE_ALONE): bench/store-alone.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBA) $(LDFLAGS_ALL) $(LIBS)

$(OUT)/labs/%/probe: labs/%/probe.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBA) $(LDFLAGS_ALL) $(LIBS)

# make labs: one student bundle per lab, build/labs/NN-name.tar.gz (the kit
# with the lab's regions replaced by its stubs; no answer, no hidden check).
labs:
	@/usr/bin/python3 labs/grader/starter.py bundle build/labs

# make autograder LAB=NN: a Gradescope autograder for lab NN (a zip).
autograder:
	@/usr/bin/python3 labs/grader/autograder.py $(LAB) build/autograder

$(OUT)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBA) $(LDFLAGS_ALL) $(LIBS)

# make check: install dependencies, build plain, sanitized and the fuzzers
# (on every core), run everything (each fuzzer briefly).
JOBS := $(shell nproc 2>/dev/null || echo 2)
check: deps
	$(MAKE) -j$(JOBS) all
	$(MAKE) -j$(JOBS) SAN=1 all
	$(MAKE) -j$(JOBS) fuzz-build
	/usr/bin/python3 tests/run.py

# make check-unit: the unit tests alone, while one works on lib/.
check-unit: $(UNIT_BIN) $(VIEWER_TEST_BIN)
	/usr/bin/python3 tests/run.py --quick unit:

# The libFuzzer harnesses fuzz/fuzz-NAME.c, built with clang against the lib
# sources (with AddressSanitizer + UndefinedBehaviorSanitizer) into
# build-fuzz/.  make fuzz runs each FUZZ_SECONDS from its seed corpus
# fuzz/corpus/NAME/; inputs it finds go to build-fuzz/corpus/NAME/, an input
# that fails to build-fuzz/crash-NAME-*.
FUZZ_SECONDS ?= 60
FUZZ_CC      := clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(CFLAGS_BASE) -Ifuzz -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_NAMES   := $(sort $(patsubst fuzz/fuzz-%.c,%,$(wildcard fuzz/fuzz-*.c)))
FUZZ_BINS    := $(FUZZ_NAMES:%=build-fuzz/fuzz-%)

build-fuzz/%.o: %.c $(wildcard lib/*.h lib/io/*.h) fuzz/fuzz.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

build-fuzz/libsmtplab.a: $(LIB_SRC:%.c=build-fuzz/%.o)
	rm -f $@ && ar rcs $@ $^

build-fuzz/fuzz-%: build-fuzz/fuzz/fuzz-%.o build-fuzz/fuzz/fuzz.o build-fuzz/libsmtplab.a
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(LIBS)

# fuzz-scan also links the viewer's trace scanner (differential, against json-glib).
build-fuzz/fuzz-scan: build-fuzz/viewer/model/scan.o
build-fuzz/fuzz/fuzz-scan.o build-fuzz/viewer/model/scan.o: viewer/model/scan.h
build-fuzz/fuzz/fuzz-scan.o build-fuzz/viewer/model/scan.o: FUZZ_CFLAGS += -Iviewer/model

fuzz-build: $(FUZZ_BINS)
.SECONDARY: $(FUZZ_NAMES:%=build-fuzz/fuzz/fuzz-%.o) build-fuzz/fuzz/fuzz.o build-fuzz/viewer/model/scan.o

fuzz: deps
	$(MAKE) fuzz-build
	@for name in $(FUZZ_NAMES); do \
	  mkdir -p build-fuzz/corpus/$$name; \
	  echo "fuzz-$$name: $(FUZZ_SECONDS) s"; \
	  build-fuzz/fuzz-$$name -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/smtp.dict \
	    -artifact_prefix=build-fuzz/crash-$$name- -print_final_stats=1 \
	    build-fuzz/corpus/$$name fuzz/corpus/$$name || exit 1; \
	done

# Targets that need the packages build in a new make, after deps has
# installed them: this make read pkg-config's flags before deps ran.
demo: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@sh labs/demo.sh

bench: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@bench/all $(if $(QUICK),--quick)

slides: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@python3 slides/build.py

# No certificate or key is installed: each user's programs make their own
# lab CA and hosts' keys on first use, in ~/.local/share/smtplab/certs
# (lib/lab-ca.h).  The programs find the scenarios from where they are
# (lib/kit.h), so a DESTDIR tree works as it lies.
install: deps
	@$(MAKE) --no-print-directory install-files

install-files: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/smtplab/scenarios
	install -m 755 $(ALL_BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 labs/scenarios/*.ini $(DESTDIR)$(PREFIX)/share/smtplab/scenarios/
	install -m 644 labs/muttrc $(DESTDIR)$(PREFIX)/share/smtplab/

clean:
	rm -rf build build-san build-fuzz bin certs
