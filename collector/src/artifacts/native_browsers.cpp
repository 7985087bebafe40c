// browser_history: the history and downloads of Chromium-family browsers (Chrome, Chromium, Edge,
// Brave, Opera, Vivaldi) and Firefox in every passwd home. Each database is read into memory
// through RootFs and opened there (no temporary file, no journal, no lock on the asset); the
// database and its -wal/-journal files are stored.
#include "natives.hpp"
#include "trace_parsers.hpp"

namespace collector::natives {
namespace {

struct Browser {
  std::string_view name;
  std::string_view pattern;  // below the home; the profile is the History file's directory
  bool firefox;
};

constexpr Browser kBrowsers[] = {
    {"chrome", ".config/google-chrome/*/History", false},
    {"chromium", ".config/chromium/*/History", false},
    {"chromium", "snap/chromium/common/chromium/*/History", false},
    {"edge", ".config/microsoft-edge/*/History", false},
    {"brave", ".config/BraveSoftware/Brave-Browser/*/History", false},
    {"opera", ".config/opera/History", false},
    {"opera", ".config/opera/*/History", false},
    {"vivaldi", ".config/vivaldi/*/History", false},
    {"firefox", ".mozilla/firefox/*/places.sqlite", true},
    {"firefox", "snap/firefox/common/.mozilla/firefox/*/places.sqlite", true},
};

}  // namespace

void browser_history(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  const auto max_bytes = static_cast<std::size_t>(ctx.def().option_int("max_db_bytes", 256 << 20));
  auto& visits = ctx.table("browser_history");
  auto& downloads = ctx.table("browser_downloads");
  for (const auto& home : user_homes(ctx)) {
    for (const Browser& b : kBrowsers) {
      for (const auto& db : glob_files(fs, escape_glob(home.home) + "/" + std::string(b.pattern))) {
        if (ctx.should_stop()) return;
        auto bytes = read_and_collect(ctx, db, max_bytes);
        if (!bytes) continue;
        for (const char* side : {"-wal", "-journal"})
          if (fs.exists(db + side)) read_and_collect(ctx, db + side, max_bytes);
        const std::string profile = base_name(db.substr(0, db.rfind('/')));
        auto h = b.firefox ? parsers::read_firefox_places(std::move(*bytes))
                           : parsers::read_chromium_history(std::move(*bytes));
        if (!h.error.empty()) ctx.source_error(db, h.error);
        for (const auto& v : h.visits)
          visits.add({{"user", home.user},
                      {"browser", std::string(b.name)},
                      {"profile", profile},
                      {"url", v.url},
                      {"title", text_or_null(v.title)},
                      {"visit_count", integer(v.visit_count)},
                      {"last_visit", int_or_null(v.last_visit)},
                      {"source", db}});
        for (const auto& d : h.downloads)
          downloads.add({{"user", home.user},
                         {"browser", std::string(b.name)},
                         {"profile", profile},
                         {"url", text_or_null(d.url)},
                         {"target_path", text_or_null(d.target_path)},
                         {"start_time", int_or_null(d.start_time)},
                         {"source", db}});
      }
    }
  }
}

}  // namespace collector::natives
