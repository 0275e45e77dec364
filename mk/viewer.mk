# mk/viewer.mk - smtplab-viewer, the GTK 4 viewer (included by the Makefile).
#
#   viewer/model   traces, sessions, ladder rows, letters, captures: GLib only
#   viewer/render  diagrams drawn with Cairo and Pango (windows and export)
#   viewer/ui      the GTK 4 widgets, .ui templates and resources
#   po/            translations (gettext domain "smtplab"), built into $(OUT)/locale
#   tests/viewer   test-*.c model tests (no display) and ui-test-*.c widget tests

VIEWER_MODEL_PKGS := glib-2.0 gio-2.0 json-glib-1.0 libpcap
VIEWER_RENDER_PKGS := $(VIEWER_MODEL_PKGS) cairo pangocairo
VIEWER_UI_PKGS := $(VIEWER_RENDER_PKGS) gtk4
VIEWER_DEFS := -DGETTEXT_PACKAGE='"smtplab"' -DSMTPLAB_LOCALEDIR='"$(PREFIX)/share/locale"'
VIEWER_INC := -Iviewer/model -Iviewer/render -Iviewer/ui -I$(OUT)/viewer

VIEWER_MODEL_OBJ := $(patsubst %.c,$(OUT)/%.o,$(sort $(wildcard viewer/model/*.c)))
VIEWER_RENDER_OBJ := $(patsubst %.c,$(OUT)/%.o,$(sort $(wildcard viewer/render/*.c)))
VIEWER_UI_OBJ := $(patsubst %.c,$(OUT)/%.o,$(sort $(wildcard viewer/ui/*.c) viewer/main.c)) \
	$(OUT)/viewer/resources.o
VIEWER_OBJ := $(VIEWER_MODEL_OBJ) $(VIEWER_RENDER_OBJ) $(VIEWER_UI_OBJ)
VIEWER_RESOURCES := $(shell glib-compile-resources --sourcedir=viewer --generate-dependencies \
	viewer/viewer.gresource.xml 2>/dev/null)

$(VIEWER_MODEL_OBJ): CFLAGS_ALL += $(VIEWER_DEFS) $(VIEWER_INC) $(shell pkg-config --cflags $(VIEWER_MODEL_PKGS))
$(VIEWER_RENDER_OBJ): CFLAGS_ALL += $(VIEWER_DEFS) $(VIEWER_INC) $(shell pkg-config --cflags $(VIEWER_RENDER_PKGS))
$(VIEWER_UI_OBJ): CFLAGS_ALL += $(VIEWER_DEFS) $(VIEWER_INC) $(shell pkg-config --cflags $(VIEWER_UI_PKGS))
$(VIEWER_OBJ): $(wildcard viewer/*/*.h)

$(OUT)/viewer/resources.c: viewer/viewer.gresource.xml $(VIEWER_RESOURCES)
	@mkdir -p $(@D)
	glib-compile-resources --sourcedir=viewer --generate-source --target=$@ $<

$(OUT)/viewer/resources.o: $(OUT)/viewer/resources.c
	$(CC) $(CFLAGS_ALL) -Wno-overlength-strings -c -o $@ $<

ALL_BINS += $(BIN)/smtplab-viewer
$(BIN)/smtplab-viewer: $(VIEWER_OBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(LDFLAGS_ALL) $(LIBS) $(shell pkg-config --libs $(VIEWER_UI_PKGS)) -lm

# Model tests run with the unit tests (plain, ASan+UBSan, valgrind).
VIEWER_TEST_BIN := $(patsubst tests/viewer/test-%.c,$(OUT)/tests/test-viewer-%,$(sort $(wildcard tests/viewer/test-*.c)))
$(OUT)/tests/test-viewer-%: tests/viewer/test-%.c tests/viewer/fixtures.h $(VIEWER_MODEL_OBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(VIEWER_DEFS) $(VIEWER_INC) $(shell pkg-config --cflags $(VIEWER_MODEL_PKGS)) \
		-o $@ $< $(VIEWER_MODEL_OBJ) $(LIBA) $(LDFLAGS_ALL) $(LIBS) $(shell pkg-config --libs $(VIEWER_MODEL_PKGS))

# Translations: po/LANG.po -> $(OUT)/locale/LANG/LC_MESSAGES/smtplab.mo
VIEWER_MO := $(patsubst po/%.po,$(OUT)/locale/%/LC_MESSAGES/smtplab.mo,$(wildcard po/*.po))
$(OUT)/locale/%/LC_MESSAGES/smtplab.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

VIEWER_ALL := $(BIN)/smtplab-viewer $(VIEWER_TEST_BIN) $(VIEWER_MO) $(OUT)/bench/viewer-open

# make pot: the template translators start from (po/smtplab.pot, or POT=FILE;
# tests/integration/test_languages.py makes a fresh one to check po/zh_CN.po).
POT ?= po/smtplab.pot
.PHONY: pot
pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 -kg_dngettext:2,3 \
		-o $(POT) --package-name=smtplab $(sort $(wildcard viewer/*.c viewer/*/*.c viewer/*.ui viewer/*/*.ui))

# Widget tests run under xvfb-run (tests/run.py), linked with every viewer object but main.
VIEWER_UI_TEST_BIN := $(patsubst tests/viewer/%.c,$(OUT)/tests-ui/%,$(sort $(wildcard tests/viewer/ui-test-*.c)))
VIEWER_ALL += $(VIEWER_UI_TEST_BIN)
$(OUT)/tests-ui/ui-test-%: tests/viewer/ui-test-%.c tests/viewer/ui-fixtures.h $(filter-out $(OUT)/viewer/main.o,$(VIEWER_OBJ)) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(VIEWER_DEFS) $(VIEWER_INC) $(shell pkg-config --cflags $(VIEWER_UI_PKGS)) \
		-o $@ $< $(filter-out $(OUT)/viewer/main.o,$(VIEWER_OBJ)) $(LIBA) $(LDFLAGS_ALL) $(LIBS) \
		$(shell pkg-config --libs $(VIEWER_UI_PKGS)) -lm

# make install also installs the translations where the viewer looks for them.
.PHONY: install-locale
install-files: install-locale
install-locale: $(VIEWER_MO)
	for mo in $(VIEWER_MO); do \
		lang=$$(basename $$(dirname $$(dirname $$mo))); \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES; \
		install -m 644 $$mo $(DESTDIR)$(PREFIX)/share/locale/$$lang/LC_MESSAGES/; \
	done

# make bench (after bench/throughput): bench/viewer opens traces of a million events
# (build/bench/viewer-open).
.PHONY: bench-viewer
bench-viewer: $(OUT)/bench/viewer-open
	@bench/viewer
$(OUT)/bench/viewer-open: bench/viewer-open.c $(VIEWER_MODEL_OBJ) $(VIEWER_RENDER_OBJ) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(VIEWER_DEFS) $(VIEWER_INC) $(shell pkg-config --cflags $(VIEWER_RENDER_PKGS)) \
		-o $@ $< $(VIEWER_MODEL_OBJ) $(VIEWER_RENDER_OBJ) $(LIBA) $(LDFLAGS_ALL) $(LIBS) \
		$(shell pkg-config --libs $(VIEWER_RENDER_PKGS)) -lm
