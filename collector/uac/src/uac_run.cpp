// Runs selected UAC artifacts as UAC 3.3.0's lib/parse_artifact.sh does: placeholders, users,
// conditions, foreach; find-based entries natively (uac_find.cpp), commands with /bin/sh.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "asset/unique_fd.hpp"
#include "ppc/hashing.hpp"
#include "uac_internal.hpp"

namespace collector::uac {
namespace {

namespace fs = std::filesystem;
using namespace detail;

struct UserHome {
  std::string user, home;
  bool operator<(const UserHome& o) const {
    return std::tie(user, home) < std::tie(o.user, o.home);
  }
  bool operator==(const UserHome& o) const = default;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string date_of(int64_t epoch) {
  time_t t = static_cast<time_t>(epoch);
  tm tmv{};
  gmtime_r(&t, &tmv);
  char buf[16];
  strftime(buf, sizeof buf, "%Y-%m-%d", &tmv);
  return buf;
}

bool uses_users(const Entry& e) {
  for (const std::string* s : {&e.path, &e.command, &e.foreach})
    if (s->find("%user%") != std::string::npos || s->find("%user_home%") != std::string::npos)
      return true;
  return false;
}

// One native (find-based) entry waiting for the artifact's shared walk.
struct Pending {
  const Artifact* artifact;
  FindSpec spec;
  Kind kind;
  std::string output;  // host path of the output file (find, hash, stat)
};

class Runner {
 public:
  Runner(const Tree& tree, const asset::RootFs& fs, const RunSettings& s, Sink* sink)
      : tree_(tree), fs_(fs), s_(s), sink_(sink), live_(fs.is_live()) {
    // Absolute: conditions and commands name outputs as "/%artifacts_output_directory%/...".
    std::string base = s.work_dir.empty() ? std::string() : fs::absolute(s.work_dir).string();
    out_root_ = base + "/output";
    tmp_root_ = base + "/tmp";
    path_prefix_ = tree.dir + "/bin/linux/x86_64:" + tree.dir + "/bin/linux:" + tree.dir + "/bin";
    load_accounts();
  }

  void run(const std::vector<const Artifact*>& artifacts) {
    fs::create_directories(out_root_);
    fs::create_directories(tmp_root_);
    for (const Artifact* a : artifacts) {
      if (stop()) break;
      run_artifact(*a);
    }
    flush();
    store_outputs();
    std::error_code ec;
    fs::remove_all(s_.work_dir, ec);
  }

  std::vector<std::string> planned(const Artifact& a) {
    std::vector<std::string> files;
    collect_only_ = &files;
    for (const Entry& e : a.entries)
      if (e.runs_on_linux() && e.collector == Kind::file && !e.is_file_list) for_users(a, e);
    flush();
    collect_only_ = nullptr;
    return files;
  }

 private:
  bool stop() const { return sink_ && sink_->should_stop(); }

  void load_accounts() {
    auto passwd = fs_.read_file("/etc/passwd");
    std::set<UserHome> all, shells;
    static const std::regex nologin("(false|halt|nologin|shutdown|sync|git-shell)$");
    for (const auto& line : split_lines(passwd.value_or(""))) {
      std::string l = line.substr(0, line.find('#'));
      std::vector<std::string> f;
      std::stringstream ss(l);
      for (std::string x; std::getline(ss, x, ':');) f.push_back(x);
      if (f.size() >= 3)
        uids_.insert(static_cast<uint32_t>(std::strtoul(f[2].c_str(), nullptr, 10)));
      if (f.size() < 6 || f[0].empty() || f[5].empty()) continue;
      all.insert({f[0], f[5]});
      bool no_shell = l.back() == ':' || std::regex_search(l, nologin);
      if (!no_shell) shells.insert({f[0], f[5]});
    }
    auto group = fs_.read_file("/etc/group");
    for (const auto& line : split_lines(group.value_or(""))) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      for (std::string x; std::getline(ss, x, ':');) f.push_back(x);
      if (f.size() >= 3)
        gids_.insert(static_cast<uint32_t>(std::strtoul(f[2].c_str(), nullptr, 10)));
    }
    for (const char* parent : {"/home", "/Users", "/export/home", "/u"}) {
      auto st = fs_.lstat(parent);
      if (!st || S_ISLNK(st->st_mode)) continue;
      for (const auto& name : fs_.list_dir(parent)) {
        all.insert({name, std::string(parent) + "/" + name});
        shells.insert({name, std::string(parent) + "/" + name});
      }
    }
    if (fs_.exists("/home/.shadow"))
      all.insert({"shadow", "/home/.shadow"}), shells.insert({"shadow", "/home/.shadow"});
    users_.assign(all.begin(), all.end());
    shell_users_.assign(shells.begin(), shells.end());
  }

  // Built-in and user-defined placeholders; %user%, %user_home% and %line% stay.
  std::string vars(const std::string& text) const {
    if (text.find('%') == std::string::npos) return text;
    static const std::regex var("%([A-Za-z_][A-Za-z0-9_]*)(=([^%]*))?%");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), var);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      out += text.substr(last, static_cast<std::size_t>(m.position()) - last);
      last = static_cast<std::size_t>(m.position() + m.length());
      std::string name = m[1].str();
      out += value_of(name, m[3].matched ? m[3].str() : "", m.str());
    }
    return out + text.substr(last);
  }

  std::string value_of(const std::string& name, const std::string& fallback,
                       const std::string& whole) const {
    if (name == "user" || name == "user_home" || name == "line") return whole;
    if (name == "hostname") return s_.hostname;
    if (name == "os") return "linux";
    if (name == "timestamp") return s_.timestamp;
    if (name == "uac_directory") return tree_.dir;
    if (name == "mount_point") return "/";
    if (name == "temp_directory") return tmp_root_;
    if (name == "artifacts_output_directory") return out_root_;
    if (name == "non_local_mount_points") return "";
    if (name == "start_date") return s_.start_epoch ? date_of(*s_.start_epoch) : "1970-01-01";
    if (name == "start_date_epoch") return s_.start_epoch ? std::to_string(*s_.start_epoch) : "1";
    if (name == "end_date") return s_.end_epoch ? date_of(*s_.end_epoch) : "2031-12-31";
    if (name == "end_date_epoch")
      return s_.end_epoch ? std::to_string(*s_.end_epoch) : "1956527999";
    auto v = s_.variables.find(name);
    return v != s_.variables.end() ? v->second : fallback;
  }

  // A condition holds when its command exits 0 ("! cmd": when it does not). Evaluated under
  // --root too, as UAC does under --mount-point: most test the outputs written so far
  // (%artifacts_output_directory%) or guard commands, which do not run there anyway.
  bool condition_holds(const Artifact&, const std::string& raw) {
    if (raw.empty()) return true;
    std::string cond = vars(raw);
    bool negate = !cond.empty() && cond[0] == '!';
    if (negate) cond.erase(0, cond.find_first_not_of("! "));
    ShellResult r = run_shell(cond, -1, false, s_.work_dir, path_prefix_,
                              s_.command_timeout_seconds, [this] { return stop(); });
    return (r.exit_code == 0) != negate;
  }

  void note(const Artifact& a, const std::string& m) {
    if (sink_) sink_->note(a.name, m);
  }

  // Find-based entries wait in pending_ so that consecutive ones share their walks, across
  // artifacts too; whatever may read their outputs (a condition, a command, a file list) runs
  // only once they are written.
  void run_artifact(const Artifact& a) {
    if (!a.condition.empty()) flush();
    if (!condition_holds(a, a.condition)) return;
    for (const Entry& e : a.entries) {
      if (stop()) break;
      if (!e.runs_on_linux()) continue;
      if (!e.condition.empty()) flush();
      if (!condition_holds(a, e.condition)) continue;
      if (e.collector == Kind::command || e.is_file_list || !e.command.empty()) flush();
      for_users(a, e);
    }
  }

  void for_users(const Artifact& a, const Entry& e) {
    if (!uses_users(e))
      return dispatch(a, e, vars(e.path), vars(e.command), vars(e.foreach), e.output_directory,
                      vars(e.output_file), e.max_depth);
    std::set<std::string> seen;
    for (const auto& u : e.exclude_nologin_users ? shell_users_ : users_) {
      auto sub_shell = [&](std::string t) {
        return replace_in_shell(replace_in_shell(vars(t), "%user_home%", u.home), "%user%", u.user);
      };
      auto sub_plain = [&](std::string t) {
        return replace_plain(replace_plain(vars(t), "%user_home%", u.home), "%user%", u.user);
      };
      std::string path = sub_plain(e.path);
      if (e.collector == Kind::file && !seen.insert(path).second) continue;
      int depth = sanitize_output_directory(path) == "/" ? 2 : e.max_depth;
      dispatch(a, e, path, sub_shell(e.command), sub_shell(e.foreach),
               sub_plain(e.output_directory), sub_plain(e.output_file), depth);
    }
  }

  std::string host_dir(const std::string& output_directory) const {
    // %temp_directory% (replaced already for per-user entries) is outside the stored outputs.
    std::string od = sanitize_output_directory(vars(output_directory));
    if (od == tmp_root_ || od.rfind(tmp_root_ + "/", 0) == 0) return od;
    return sanitize_output_directory(out_root_ + "/" + od);
  }

  void dispatch(const Artifact& a, const Entry& e, const std::string& path,
                const std::string& command, const std::string& foreach,
                const std::string& output_directory, const std::string& output_file, int depth) {
    if (e.collector == Kind::command)
      return run_command(a, e, command, foreach, output_directory, output_file);
    if (e.is_file_list) return from_file_list(a, e, path, output_directory, output_file);
    Pending p;
    p.artifact = &a;
    p.kind = e.collector;
    FindSpec& s = p.spec;
    for (auto& w : split_words(path)) s.roots.push_back(sanitize_output_directory(w));
    int d = depth > 0 ? depth : tree_.config.max_depth;
    s.max_depth = d > 0 ? d : -1;
    s.path_pattern = e.path_pattern;
    s.name_pattern = e.name_pattern;
    s.exclude_path_pattern = e.exclude_path_pattern;
    for (const auto& x : tree_.config.exclude_path_pattern) s.exclude_path_pattern.push_back(x);
    s.exclude_name_pattern = e.exclude_name_pattern;
    for (const auto& x : tree_.config.exclude_name_pattern) s.exclude_name_pattern.push_back(x);
    s.file_type = e.file_type;
    s.permissions = e.permissions;
    s.min_size = e.min_file_size;
    s.max_size = e.max_file_size;
    s.no_user = e.no_user;
    s.no_group = e.no_group;
    s.known_uids = &uids_;
    s.known_gids = &gids_;
    if (!e.ignore_date_range) {
      s.start_epoch = s_.start_epoch;
      s.end_epoch = s_.end_epoch;
    }
    s.by_mtime = tree_.config.enable_find_mtime;
    s.by_atime = tree_.config.enable_find_atime;
    s.by_ctime = tree_.config.enable_find_ctime;
    std::vector<std::string> types = tree_.config.exclude_file_system;
    types.insert(types.end(), e.exclude_file_system.begin(), e.exclude_file_system.end());
    s.pruned = mount_points(types);
    s.pruned.insert(s.pruned.end(), s_.exclude_paths.begin(), s_.exclude_paths.end());
    s.pruned.push_back(tree_.dir);
    if (e.collector != Kind::file)
      p.output = host_dir(output_directory) + "/" + sanitize_output_file(output_file);
    if (e.collector == Kind::find && !command.empty()) {
      run_find_command(a, e, p, command);
      return;
    }
    pending_.push_back(std::move(p));
  }

  std::vector<std::string> mount_points(const std::vector<std::string>& types) {
    std::vector<std::string> out;
    if (!live_ || types.empty()) return out;
    auto mounts = fs_.read_file("/proc/self/mounts");
    for (const auto& line : split_lines(mounts.value_or(""))) {
      auto f = split_words(line);
      if (f.size() < 3 || std::find(types.begin(), types.end(), f[2]) == types.end()) continue;
      out.push_back(replace_plain(replace_plain(f[1], "\\040", " "), "\\011", "\t"));
    }
    return out;
  }

  // Runs the pending find-based entries: one walk per root for all of them.
  void flush() {
    if (pending_.empty()) return;
    std::vector<FindSpec> specs;
    for (auto& p : pending_) specs.push_back(p.spec);
    std::map<std::string, std::string> outputs;  // host path -> text to append
    std::map<const Artifact*, std::vector<std::string>> files;
    std::vector<std::string> algorithms = tree_.config.hash_algorithm;
    find_all(
        fs_, specs,
        [&](std::size_t i, const Found& f) {
          const Pending& p = pending_[i];
          if (collect_only_) {
            if (p.kind == Kind::file && !S_ISDIR(f.stx.stx_mode)) collect_only_->push_back(f.path);
            return;
          }
          switch (p.kind) {
            case Kind::file:
              if (!S_ISDIR(f.stx.stx_mode)) files[p.artifact].push_back(f.path);
              break;
            case Kind::find:
              outputs[p.output] += f.path + "\n";
              break;
            case Kind::stat:
              outputs[p.output] += bodyfile_line(f.path, f.stx, f.link_target);
              break;
            case Kind::hash:
              if (S_ISREG(f.stx.stx_mode))
                hash_file(*p.artifact, f.path, p.output, algorithms, outputs);
              break;
            case Kind::command:
              break;
          }
        },
        [this] { return stop(); });
    pending_.clear();
    for (const auto& [path, text] : outputs) append(path, text);
    for (const auto& [artifact, paths] : files)
      if (sink_) sink_->collect_files(paths, artifact->name);
  }

  void hash_file(const Artifact& a, const std::string& path, const std::string& output,
                 const std::vector<std::string>& algorithms,
                 std::map<std::string, std::string>& out) {
    auto st = fs_.lstat(path);
    int err = 0;
    asset::UniqueFd fd = st ? fs_.open_evidence(path, *st, nullptr, &err) : asset::UniqueFd();
    if (!fd) {
      if (sink_)
        sink_->source_error(a.name, path, std::string("cannot hash: ") + std::strerror(err));
      return;
    }
    ppc::HashSelection sel;
    for (const auto& h : algorithms) sel.md5 |= h == "md5", sel.sha1 |= h == "sha1";
    ppc::MultiHasher hasher(sel);
    std::vector<uint8_t> buf(1 << 20);
    for (ssize_t n; (n = ::read(fd.get(), buf.data(), buf.size())) > 0;)
      hasher.update(std::span(buf.data(), static_cast<std::size_t>(n)));
    ppc::Digests d = hasher.finish();
    for (const auto& h : algorithms)
      out[output + "." + h] += hash_line(h == "md5"    ? d.md5
                                         : h == "sha1" ? d.sha1
                                                       : d.sha256,
                                         path);
  }

  static void append(const std::string& host_path, const std::string& text) {
    fs::create_directories(fs::path(host_path).parent_path());
    std::ofstream(host_path, std::ios::binary | std::ios::app) << text;
  }

  // is_file_list: `path` names a list UAC wrote earlier (relative: below the output directory).
  void from_file_list(const Artifact& a, const Entry& e, const std::string& path,
                      const std::string& output_directory, const std::string& output_file) {
    std::string list = path[0] == '/' ? sanitize_output_directory(path) : out_root_ + "/" + path;
    std::ifstream in(list);
    if (!in) {
      note(a, "file list " + list + " does not exist (the artifact that writes it did not run)");
      return;
    }
    std::vector<std::string> paths;
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) paths.push_back(line);
    if (e.collector == Kind::file) {
      if (collect_only_)
        collect_only_->insert(collect_only_->end(), paths.begin(), paths.end());
      else if (sink_)
        sink_->collect_files(paths, a.name);
      return;
    }
    std::string output = host_dir(output_directory) + "/" + sanitize_output_file(output_file);
    std::map<std::string, std::string> outputs;
    for (const auto& p : paths) {
      if (e.collector == Kind::find) outputs[output] += p + "\n";
      if (e.collector == Kind::hash) hash_file(a, p, output, tree_.config.hash_algorithm, outputs);
      if (e.collector == Kind::stat) {
        auto parent = fs_.open_parent(p, false);
        struct statx stx {};
        if (!parent) continue;
        if (::statx(parent->dir.get(), parent->name.c_str(), AT_SYMLINK_NOFOLLOW,
                    STATX_BASIC_STATS | STATX_BTIME, &stx) != 0)
          continue;
        outputs[output] +=
            bodyfile_line(p, stx, S_ISLNK(stx.stx_mode) ? fs_.read_link(p).value_or("") : "");
      }
    }
    for (const auto& [file, text] : outputs) append(file, text);
  }

  void record(const Artifact& a, const std::string& command, const std::string& output,
              const ShellResult& r, const std::string& skipped = "") {
    if (!sink_) return;
    Sink::CommandRecord rec{a.name, command, output, "", r.exit_code, r.duration_ms};
    rec.status = !skipped.empty()     ? "skipped:" + skipped
                 : r.timed_out        ? "timeout"
                 : r.exit_code == 127 ? "skipped:not-found"
                 : r.exit_code == 0   ? "ok"
                                      : "failed";
    sink_->command_done(rec);
  }

  std::string entry_name(const std::string& host_path) const {
    if (host_path.rfind(out_root_ + "/", 0) == 0) return "uac" + host_path.substr(out_root_.size());
    return "";  // a temporary output: not stored
  }

  void run_one(const Artifact& a, const Entry& e, std::string command, const std::string& od,
               std::string of) {
    std::string dir = host_dir(od);
    fs::create_directories(dir);
    if (of.empty()) {
      if (!live_) return record(a, command, "", {}, "root");
      ShellResult r = run_shell(command, -1, e.redirect_stderr_to_stdout, dir, path_prefix_,
                                s_.command_timeout_seconds, [this] { return stop(); });
      return record(a, command, entry_name(dir), r);
    }
    of = sanitize_output_file(of);
    if (e.compress_output_file && gzip_available()) {
      of += ".gz";
      command += " | gzip - | cat -";
    }
    std::string out = dir + "/" + of;
    if (!live_) return record(a, command, entry_name(out), {}, "root");
    asset::UniqueFd fd(::open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    ShellResult r = run_shell(command, fd.get(), e.redirect_stderr_to_stdout, s_.work_dir,
                              path_prefix_, s_.command_timeout_seconds, [this] { return stop(); });
    record(a, command, entry_name(out), r);
  }

  bool gzip_available() {
    if (!gzip_)
      gzip_ = run_shell("command_exists gzip", -1, false, "/", path_prefix_, 10, [] {
                return false;
              }).exit_code == 0;
    return *gzip_;
  }

  void run_command(const Artifact& a, const Entry& e, const std::string& command,
                   const std::string& foreach, const std::string& od, const std::string& of) {
    if (foreach.empty()) return run_one(a, e, command, od, of);
    if (!live_) return record(a, foreach, "", {}, "root");
    std::string list = tmp_root_ + "/foreach.out";
    std::vector<std::string> lines;
    {
      asset::UniqueFd fd(::open(list.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
      ShellResult r = run_shell(foreach, fd.get(), false, s_.work_dir, path_prefix_,
                                s_.command_timeout_seconds, [this] { return stop(); });
      record(a, foreach, "", r);
      std::ifstream in(list);
      for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    for (const auto& line : lines) {
      if (stop()) break;
      run_one(a, e, replace_in_shell(command, "%line%", line), replace_plain(od, "%line%", line),
              replace_plain(of, "%line%", line));
    }
  }

  // find with a command: `find ... -print0 | xargs -0 COMMAND`, the list from our walk.
  void run_find_command(const Artifact& a, const Entry& e, Pending& p, const std::string& command) {
    std::string list = tmp_root_ + "/find.list";
    std::string paths;
    find_all(
        fs_, {p.spec}, [&](std::size_t, const Found& f) { paths += f.path + '\0'; },
        [this] { return stop(); });
    std::ofstream(list, std::ios::binary | std::ios::trunc) << paths;
    std::string script = "xargs -0 " + command + " < '" + list + "'";
    (void)e;
    if (!live_) return record(a, script, entry_name(p.output), {}, "root");
    fs::create_directories(fs::path(p.output).parent_path());
    asset::UniqueFd fd(::open(p.output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    ShellResult r = run_shell(script, fd.get(), false, s_.work_dir, path_prefix_,
                              s_.command_timeout_seconds, [this] { return stop(); });
    record(a, script, entry_name(p.output), r);
  }

  // Every non-empty output file into the package as uac/<output_directory>/<output_file>
  // (UAC removes empty ones too); then the working directory goes.
  void store_outputs() {
    if (!sink_) return;
    std::error_code ec;
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(out_root_, ec); !ec && it != fs::end(it);
         it.increment(ec))
      if (it->is_regular_file(ec) && !it->is_symlink(ec)) files.push_back(it->path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      asset::UniqueFd fd(::open(f.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
      struct stat st {};
      if (!fd || ::fstat(fd.get(), &st) != 0 || st.st_size == 0) continue;
      if (f.size() > 3 && f.ends_with(".gz") && st.st_size < 21) continue;
      sink_->add_output(entry_name(f), fd.get(), static_cast<uint64_t>(st.st_size));
    }
  }

  const Tree& tree_;
  const asset::RootFs& fs_;
  const RunSettings& s_;
  Sink* sink_;
  bool live_;
  std::string out_root_, tmp_root_, path_prefix_;
  std::vector<UserHome> users_, shell_users_;
  std::set<uint32_t> uids_, gids_;
  std::vector<Pending> pending_;
  std::vector<std::string>* collect_only_ = nullptr;
  std::optional<bool> gzip_;
};

}  // namespace

void run(const Tree& tree, const std::vector<const Artifact*>& artifacts, const asset::RootFs& fs,
         const RunSettings& settings, Sink& sink) {
  Runner(tree, fs, settings, &sink).run(artifacts);
}

std::vector<std::string> planned_files(const Tree& tree, const Artifact& artifact,
                                       const asset::RootFs& fs, const RunSettings& settings) {
  return Runner(tree, fs, settings, nullptr).planned(artifact);
}

}  // namespace collector::uac
