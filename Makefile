# smtplab — top-level Makefile.  The targets are the interface (see README.md):
#   make          build everything into bin/
#   make check    build, then run every test (plain, ASan+UBSan, valgrind)
#   make demo     the RFC 821 tour
#   make bench    throughput against Postfix's smtp-sink
#   make install  PREFIX=/usr/local DESTDIR=

.DEFAULT_GOAL := all
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
# SAN=1 builds with AddressSanitizer + UndefinedBehaviorSanitizer into build-san/.
SAN      ?=

PKGS     := glib-2.0 gio-2.0 gio-unix-2.0 json-glib-1.0 openssl
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -Ilib \
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

LIB_SRC  := $(sort $(wildcard lib/*.c))
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

UNIT_SRC := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/%)

# The GTK 4 viewer: its own rules and flags.
include mk/viewer.mk

.PHONY: all deps check check-unit demo bench fuzz slides install clean
all: $(ALL_BINS) $(UNIT_BIN) $(VIEWER_ALL)

deps:
	@sh mk/deps.sh

$(OUT)/%.o: %.c $(wildcard lib/*.h) $(wildcard */*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(OUT)/tests/%: tests/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBA) $(LDFLAGS_ALL) $(LIBS)

# make check: install dependencies, build plain and sanitized, run everything.
check: deps
	$(MAKE) all
	$(MAKE) SAN=1 all
	/usr/bin/python3 tests/run.py

demo: deps all
	@sh labs/demo.sh

bench: deps all
	@bench/throughput

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/smtplab/scenarios
	install -m 755 $(ALL_BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 labs/scenarios/*.ini $(DESTDIR)$(PREFIX)/share/smtplab/scenarios/

clean:
	rm -rf build build-san bin
