// The report's one script: a filter box for long tables. It runs inline (the page must work
// from a USB stick, with no network) and the page's Content-Security-Policy allows exactly this
// script by its SHA-256, so no script that evidence might smuggle into the page could run.
#include <openssl/evp.h>

#include <array>

#include "report_parts.hpp"

namespace biunzip::report {

const std::string& filter_script() {
  // Each <input data-filter=ID> hides the rows of section ID's tables that do not contain its
  // text (case-insensitive), unfolds folded rows while filtering, and shows how many match.
  // REPORT#filter=ID:TEXT opens the page filtered (a link an analyst can share); the body's
  // data-load-ms says how long the page took to load (the tests read it).
  static const std::string kScript = R"JS(
(function () {
  var boxes = document.querySelectorAll('input[data-filter]');
  function apply(box) {
    var sec = document.getElementById(box.getAttribute('data-filter'));
    var q = box.value.toLowerCase(), shown = 0;
    sec.querySelectorAll('tbody tr').forEach(function (tr) {
      var hit = !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
      tr.style.display = hit ? '' : 'none';
      if (hit) shown++;
    });
    if (q) sec.querySelectorAll('details.more').forEach(function (d) { d.open = true; });
    box.nextElementSibling.textContent = q ? shown + ' matching rows' : '';
  }
  boxes.forEach(function (box) {
    box.addEventListener('input', function () { apply(box); });
  });
  var m = /^#filter=([a-z-]+):(.*)$/.exec(location.hash);
  boxes.forEach(function (box) {
    if (m && box.getAttribute('data-filter') === m[1]) {
      box.value = decodeURIComponent(m[2]);
      apply(box);
    }
  });
  window.addEventListener('load', function () {
    document.body.setAttribute('data-load-ms', String(Math.round(performance.now())));
  });
})();
)JS";
  return kScript;
}

std::string filter_script_csp() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  const std::string& s = filter_script();
  EVP_Digest(s.data(), s.size(), md.data(), &len, EVP_sha256(), nullptr);
  std::array<unsigned char, 4 * EVP_MAX_MD_SIZE / 3 + 4> b64{};
  int n = EVP_EncodeBlock(b64.data(), md.data(), static_cast<int>(len));
  return "'sha256-" + std::string(reinterpret_cast<const char*>(b64.data()), n) + "'";
}

std::string filter_box(const char* section_id, const std::string& placeholder) {
  return std::string("<div class=\"filter\"><input type=\"search\" data-filter=\"") + section_id +
         "\" placeholder=\"" + esc(placeholder) + "\" aria-label=\"" + esc(placeholder) +
         "\"><span class=\"muted\"></span></div>";
}

}  // namespace biunzip::report
