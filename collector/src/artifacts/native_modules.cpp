// The loaded-module part of persistence_kernel_modules (live only): /proc/modules compared with
// the two other places a loaded module shows, /sys/module/<name> (with an initstate file: a
// loadable module, not a built-in) and the "[module]" symbols of /proc/kallsyms. A rootkit LKM
// that unlinks itself from the module list usually stays in one of the others: `hidden` = 1.
// Each module's parameters, and its .ko under /lib/modules/<release> with SHA-256.
#include <sys/stat.h>

#include <cstring>
#include <map>
#include <set>

#include "natives.hpp"
#include "ppc/hashing.hpp"

namespace collector::natives {
namespace {

std::string normalized(std::string name) {
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
}

// Module names of /proc/kallsyms ("ffffffffc0a01000 t fn\t[name]").
std::set<std::string> kallsyms_modules(const RootFs& fs) {
  std::set<std::string> out;
  auto text = fs.read_file("/proc/kallsyms", 256u << 20);
  if (!text) return out;
  for (auto line : parsers::split_lines(*text)) {
    auto open = line.rfind('['), close = line.rfind(']');
    if (open == line.npos || close == line.npos || close < open) continue;
    std::string name(line.substr(open + 1, close - open - 1));
    if (name.starts_with("__builtin") || name == "bpf") continue;  // not modules
    out.insert(normalized(name));
  }
  return out;
}

std::set<std::string> sys_modules(const RootFs& fs) {
  std::set<std::string> out;
  for (const auto& name : fs.list_dir("/sys/module"))
    if (fs.exists("/sys/module/" + name + "/initstate")) out.insert(normalized(name));
  return out;
}

std::string parameters(const RootFs& fs, const std::string& name) {
  std::string out;
  const std::string dir = "/sys/module/" + name + "/parameters";
  for (const auto& p : fs.list_dir(dir)) {
    auto v = fs.read_file(dir + "/" + p, 4096);
    if (!v) continue;  // write-only parameters
    out += (out.empty() ? "" : " ") + p + "=" + std::string(parsers::trim(*v));
  }
  return out;
}

// name -> .ko path under /lib/modules/<release> (compressed ones too).
std::map<std::string, std::string> module_files(const RootFs& fs) {
  std::map<std::string, std::string> out;
  std::string release(parsers::trim(fs.read_file("/proc/sys/kernel/osrelease", 256).value_or("")));
  if (release.empty()) return out;
  fs.walk_tree("/lib/modules/" + release, 12, [&](const RootFs::WalkEntry& e) {
    if (!S_ISREG(e.stx.stx_mode)) return true;
    std::string base = base_name(e.path);
    for (const char* ext : {".ko", ".ko.xz", ".ko.zst", ".ko.gz"})
      if (base.ends_with(ext))
        out.emplace(normalized(base.substr(0, base.size() - strlen(ext))), e.path);
    return true;
  });
  return out;
}

std::string sha256_of(const RootFs& fs, const std::string& path) {
  auto data = fs.read_file(path, 256u << 20);
  if (!data) return {};
  return ppc::to_hex(ppc::sha256({reinterpret_cast<const uint8_t*>(data->data()), data->size()}));
}

}  // namespace

void loaded_modules(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  auto text = read_source(ctx, "/proc/modules");
  if (!text) return;  // a kernel without loadable modules
  std::map<std::string, parsers::ModuleEntry> listed;
  for (auto& m : parsers::parse_proc_modules(*text)) listed[normalized(m.name)] = m;
  auto in_sys = sys_modules(fs);
  auto in_kallsyms = kallsyms_modules(fs);
  std::set<std::string> all;
  for (const auto& [name, m] : listed) all.insert(name);
  all.insert(in_sys.begin(), in_sys.end());
  all.insert(in_kallsyms.begin(), in_kallsyms.end());
  if (all.empty()) return;
  auto files = module_files(fs);
  auto& table = ctx.table("kernel_modules");
  for (const auto& name : all) {
    std::string visible;
    auto add = [&](bool in, const char* where) {
      if (in) visible += (visible.empty() ? "" : ",") + std::string(where);
    };
    const bool in_list = listed.count(name) > 0;
    add(in_list, "proc_modules");
    add(in_sys.count(name) > 0, "sys_module");
    add(in_kallsyms.count(name) > 0, "kallsyms");
    // Missing from kallsyms counts only when kallsyms names modules at all (root, CONFIG_KALLSYMS).
    const bool hidden =
        !in_list || !in_sys.count(name) || (!in_kallsyms.empty() && !in_kallsyms.count(name));
    Row row{{"name", name}, {"visible_in", visible}, {"hidden", integer(hidden ? 1 : 0)}};
    if (in_list) {
      const auto& m = listed[name];
      row.emplace_back("size", integer(m.size));
      row.emplace_back("refcount", integer(m.refcount));
      row.emplace_back("used_by", text_or_null(m.used_by));
      row.emplace_back("state", m.state);
      row.emplace_back("taint", text_or_null(m.taint));
    }
    row.emplace_back("parameters", text_or_null(parameters(fs, name)));
    if (auto f = files.find(name); f != files.end()) {
      row.emplace_back("ko_path", f->second);
      row.emplace_back("ko_sha256", text_or_null(sha256_of(fs, f->second)));
    }
    table.add(row);
  }
}

}  // namespace collector::natives
