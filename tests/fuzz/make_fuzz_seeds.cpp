// Writes the seed corpora that need a program to make them (packages, payloads, checkpoint
// records, utmp records) into tests/fuzz/corpus/<target>/:
//   make_fuzz_seeds CORPUS_DIR KEYS_DIR        (KEYS_DIR: tests/vectors)
// Randomness and time are seeded, so the seeds are reproducible. The text seeds (/proc
// samples, YAML, CSV, PEM) are ordinary files committed as they are.
#include <utmp.h>
#include <zstd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "ppc/keys.hpp"
#include "ppc/reader.hpp"
#include "ppc/writer.hpp"

namespace {

using namespace ppc;

constexpr int64_t kTime = 1763710000'000000000;

std::string text_of(const std::string& path) {
  auto b = read_file(path);
  std::string s(b.begin(), b.end());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

void save(const std::string& dir, const std::string& name, std::span<const uint8_t> bytes) {
  std::filesystem::create_directories(dir);
  write_file(dir + "/" + name, bytes, true);
}

void save_text(const std::string& dir, const std::string& name, std::string_view text) {
  save(dir, name, {reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

EntryMeta meta(std::string name, uint64_t size) {
  EntryMeta m;
  m.name = std::move(name);
  m.size = size;
  m.mode = 0644;
  m.uname = m.gname = "root";
  m.mtime = Timestamp{1763700000, 0};
  m.ino = 1234;
  m.nlink = 1;
  return m;
}

// A few small entries of every kind; `checkpoints` adds one mid-way (a second chunk).
std::vector<uint8_t> package(WriterOptions opt, uint64_t seed, bool checkpoints) {
  SeededRandom random(seed);
  FixedClock clock(kTime, 1'000'000);
  opt.random = &random;
  opt.clock = &clock;
  opt.zstd_workers = 0;
  MemorySink sink;
  PackageWriter w(sink, std::move(opt));
  w.add_text(meta("files/etc/hostname", 6), "asset\n");
  w.add_text(meta("files/etc/passwd", 32), "root:x:0:0:root:/root:/bin/bash\n");
  if (checkpoints) w.checkpoint();
  w.add_text(meta("files/tmp/caf\xc3\xa9 \xff.txt", 4), "odd\n");  // not UTF-8: name_b64
  w.add_text(meta("live/system_info/hosts.jsonl", 21), "{\"hostname\":\"asset\"}\n");
  EntryMeta link = meta("files/etc/localtime", 0);
  link.symlink_target = "/usr/share/zoneinfo/UTC";
  w.add_symlink(link);
  w.finish();
  return sink.bytes;
}

// Captures the decrypted tar and the checkpoint records of a package.
struct Capture : EntryVisitor {
  bool wants_internal() const override { return true; }
  std::string name, text;
  std::vector<std::string> checkpoints;
  void begin(const EntryInfo& i) override { name = i.meta.name, text.clear(); }
  void data(std::span<const uint8_t> b) override {
    text.append(reinterpret_cast<const char*>(b.data()), b.size());
  }
  void end(const EntryOutcome&) override {
    if (name.starts_with("ppc/checkpoint/")) checkpoints.push_back(text);
  }
};

void payload_seeds(const std::string& corpus, const std::vector<uint8_t>& pkg,
                   const std::string& stem) {
  MemorySource in(pkg);
  MemorySink tar;
  export_payload(in, ReadOptions{}, tar);
  std::vector<uint8_t> seed{0};
  seed.insert(seed.end(), tar.bytes.begin(), tar.bytes.end());
  save(corpus + "/package_payload", stem + ".tar", seed);
  // The writer's framing: zstd frames ended at the checkpoint, a skippable frame between.
  std::size_t half = tar.bytes.size() / 2;
  std::vector<uint8_t> z{1};
  for (auto part : {std::span<const uint8_t>(tar.bytes).first(half),
                    std::span<const uint8_t>(tar.bytes).subspan(half)}) {
    std::vector<uint8_t> frame(ZSTD_compressBound(part.size()));
    frame.resize(ZSTD_compress(frame.data(), frame.size(), part.data(), part.size(), 1));
    z.insert(z.end(), frame.begin(), frame.end());
    z.insert(z.end(), {0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 0, 0, 0, 0});
  }
  save(corpus + "/package_payload", stem + ".zst", z);

  MemorySource again(pkg);
  Capture c;
  read_package(again, ReadOptions{}, c);
  for (std::size_t i = 0; i < c.checkpoints.size(); ++i)
    save_text(corpus + "/checkpoint", stem + "-" + std::to_string(i + 1) + ".jsonl",
              c.checkpoints[i]);
}

std::vector<uint8_t> utmp_records() {
  std::vector<uint8_t> out;
  auto add = [&](short type, pid_t pid, const char* line, const char* user, const char* host,
                 std::initializer_list<int32_t> addr, int32_t sec) {
    struct utmp u;
    std::memset(&u, 0, sizeof u);
    u.ut_type = type;
    u.ut_pid = pid;
    std::strncpy(u.ut_line, line, sizeof u.ut_line);
    std::strncpy(u.ut_id, "ts/0", sizeof u.ut_id);
    std::strncpy(u.ut_user, user, sizeof u.ut_user);
    std::strncpy(u.ut_host, host, sizeof u.ut_host);
    std::size_t i = 0;
    for (int32_t a : addr) u.ut_addr_v6[i++] = a;
    u.ut_tv.tv_sec = sec;
    u.ut_tv.tv_usec = 250000;
    u.ut_session = pid;
    auto* p = reinterpret_cast<const uint8_t*>(&u);
    out.insert(out.end(), p, p + sizeof u);
  };
  add(BOOT_TIME, 0, "~", "reboot", "6.1.0-13-amd64", {}, 1763700000);
  add(RUN_LVL, 53, "~", "runlevel", "6.1.0-13-amd64", {}, 1763700003);
  add(USER_PROCESS, 4242, "pts/0", "alice", "203.0.113.9", {static_cast<int32_t>(0x0971cb00)},
      1763700100);
  add(USER_PROCESS, 4300, "pts/1", "bob", "2001:db8::7", {0x0db80120, 0, 0, 0x07000000},
      1763700200);
  add(DEAD_PROCESS, 4242, "pts/0", "", "", {}, 1763700900);
  add(EMPTY, 0, "", "", "", {}, 0);
  return out;
}

std::vector<uint8_t> lastlog_records() {
  std::vector<uint8_t> out(sizeof(struct lastlog) * 3, 0);  // uid 0 and 1 never logged in
  struct lastlog l;
  std::memset(&l, 0, sizeof l);
  l.ll_time = 1763700100;
  std::strncpy(l.ll_line, "pts/0", sizeof l.ll_line);
  std::strncpy(l.ll_host, "203.0.113.9", sizeof l.ll_host);
  auto* p = reinterpret_cast<const uint8_t*>(&l);
  out.insert(out.end(), p, p + sizeof l);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_fuzz_seeds CORPUS_DIR KEYS_DIR\n");
    return 2;
  }
  std::string corpus = argv[1], keys = argv[2];
  try {
    WriterOptions plain;
    plain.encrypt = false;
    plain.hashes = HashSelection{true, true};
    save(corpus + "/package_reader", "unencrypted.ppc", package(plain, 11, false));

    WriterOptions by_pass;
    by_pass.recipients.push_back(
        PassphraseRecipient{make_secure_string(text_of(keys + "/pass.txt")), kMinScryptLog2N});
    save(corpus + "/package_reader", "passphrase.ppc", package(by_pass, 12, false));

    auto id = parse_identity_file(text_of(keys + "/x25519.key"), "x25519.key").at(0);
    WriterOptions by_key;
    by_key.recipients.push_back(X25519Recipient{id.public_key});
    save(corpus + "/package_reader", "x25519.ppc", package(by_key, 13, false));

    SigningKey signer = load_signing_key_pem(text_of(keys + "/signing.pem"), "signing.pem");
    WriterOptions signed_plain = plain;
    signed_plain.signing_key = &signer;
    auto signed_pkg = package(signed_plain, 14, true);
    payload_seeds(corpus, signed_pkg, "signed");
    payload_seeds(corpus, package(plain, 15, false), "plain");

    save(corpus + "/utmp", "wtmp", utmp_records());
    auto cut = utmp_records();
    cut.resize(cut.size() - 100);
    save(corpus + "/utmp", "wtmp-truncated", cut);
    save(corpus + "/utmp", "lastlog", lastlog_records());
  } catch (const Error& e) {
    std::fprintf(stderr, "make_fuzz_seeds: %s\n", e.what());
    return 1;
  }
  return 0;
}
