/* deck.js - moving through a deck: Right, Space or PageDown for the next
 * slide, Left or PageUp for the one before, Home and End, N for the
 * speaker notes; #N in the address opens slide N.  deckCheck() measures
 * every slide (slides/check.py, tests/slides): what lies outside its box,
 * broken images, and whether Chinese text is drawn with real glyphs. */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(
    document.querySelectorAll("section.title-slide, section.level2"));
  var current = 0;

  function fit() {
    var s = Math.min(window.innerWidth / 1280, window.innerHeight / 720);
    slides.forEach(function (el) { el.style.transform = "scale(" + s + ")"; });
  }

  function show(n) {
    current = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (el, i) { el.classList.toggle("current", i === current); });
    if (location.hash !== "#" + (current + 1))
      history.replaceState(null, "", "#" + (current + 1));
  }

  /* the rectangle of an element's content, relative to its slide */
  function overflows(slide) {
    var box = slide.getBoundingClientRect(), out = [];
    if (slide.scrollHeight > slide.clientHeight + 1 || slide.scrollWidth > slide.clientWidth + 1)
      out.push("content " + slide.scrollWidth + "x" + slide.scrollHeight);
    slide.querySelectorAll("h2, p, li, pre, img, table").forEach(function (el) {
      if (el.closest(".notes")) return;
      var r = el.getBoundingClientRect();
      if (r.bottom > box.bottom + 1 || r.right > box.right + 1)
        out.push(el.tagName.toLowerCase() + " ends at " + Math.round(r.right - box.left) + "," +
                 Math.round(r.bottom - box.top));
    });
    return out;
  }

  /* is text drawn with glyphs, not the boxes of a missing font? */
  function glyphs(text) {
    var c = document.createElement("canvas");
    c.width = 200; c.height = 60;
    var g = c.getContext("2d");
    var font = getComputedStyle(document.body).fontFamily;
    function draw(t) {
      g.clearRect(0, 0, 200, 60);
      g.font = "40px " + font;
      g.fillText(t, 4, 46);
      return c.toDataURL();
    }
    return draw(text) !== draw("\uE000") && draw(text) !== draw("\uFFFF");
  }

  function check() {
    var result = { slides: [], images: [], cjk: null };
    slides.forEach(function (el, i) {
      el.classList.add("current");
      el.style.transform = "none";
      result.slides.push({ n: i + 1, title: (el.querySelector("h1, h2") || {}).textContent || "",
                           overflow: overflows(el) });
      el.classList.remove("current");
      el.style.transform = "";
    });
    document.querySelectorAll("img").forEach(function (img) {
      result.images.push({ src: img.src.slice(0, 40), ok: img.complete && img.naturalWidth > 0 });
    });
    var han = (document.body.textContent.match(/[\u4e00-\u9fff]/g) || []).slice(0, 8).join("");
    if (han) result.cjk = { text: han, glyphs: glyphs(han) };
    fit();
    show(current);
    return result;
  }

  window.deckCheck = check;
  window.deckShow = function (n) { show(n - 1); return slides.length; };
  document.addEventListener("keydown", function (e) {
    if (["ArrowRight", " ", "PageDown"].indexOf(e.key) >= 0) show(current + 1);
    else if (["ArrowLeft", "PageUp"].indexOf(e.key) >= 0) show(current - 1);
    else if (e.key === "Home") show(0);
    else if (e.key === "End") show(slides.length - 1);
    else if (e.key === "n" || e.key === "N") document.body.classList.toggle("show-notes");
    else return;
    e.preventDefault();
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest("a")) show(current + (e.clientX > window.innerWidth / 3 ? 1 : -1));
  });
  window.addEventListener("resize", fit);
  window.addEventListener("hashchange", function () {
    show((parseInt(location.hash.slice(1), 10) || 1) - 1);
  });
  fit();
  show((parseInt(location.hash.slice(1), 10) || 1) - 1);
})();
