// list, salvage, export, keygen, the commercial tool's --file/--dir --csv, key sources.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fixture.hpp"
#include "ppc/keys.hpp"

namespace biunzip_test {
namespace {

// name -> content of every regular entry of a tar file.
std::map<std::string, std::string> read_tar(const std::string& path) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  archive_read_support_format_tar(a.get());
  EXPECT_EQ(archive_read_open_filename(a.get(), path.c_str(), 1 << 16), ARCHIVE_OK);
  std::map<std::string, std::string> out;
  archive_entry* e = nullptr;
  for (int r; (r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK || r == ARCHIVE_WARN;) {
    std::string data(static_cast<std::size_t>(archive_entry_size(e)), '\0');
    archive_read_data(a.get(), data.data(), data.size());
    const char* name = archive_entry_pathname(e);
    EXPECT_NE(name, nullptr);
    if (name) out[name] = data;
  }
  return out;
}

TEST(List, JsonHasEveryEntryWithHashes) {
  TempDir tmp;
  write_sample_package(tmp / "l.ppc");
  CliResult r = run_cli({"list", tmp / "l.ppc", "--json", "-p", kPassphrase});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& e : j) by_name[e["name"].get<std::string>()] = e;
  ASSERT_TRUE(by_name.count("files/etc/passwd"));
  EXPECT_EQ(by_name["files/etc/passwd"]["verification"], "verified");
  EXPECT_EQ(by_name["files/etc/passwd"]["size"], sample_content("files/etc/passwd").size());
  EXPECT_TRUE(by_name.count(kHostileName));
  EXPECT_TRUE(by_name.count("files/tmp/bin\\xff\\xfe.dat"));
  EXPECT_EQ(by_name["files/tmp/bin\\xff\\xfe.dat"]["name_hex"],
            "66696c65732f746d702f62696efffe2e646174");
  for (const auto& [name, e] : by_name) EXPECT_NE(name.rfind("ppc/", 0), 0u) << name;
  CliResult all = run_cli({"list", tmp / "l.ppc", "--all", "-p", kPassphrase});
  EXPECT_NE(all.out.find("ppc/"), std::string::npos);
}

// Entries larger than the writer's buffer are confirmed by the next checkpoint: after a full
// read they are verified, never left "pending", and verify counts them as extract does.
TEST(List, StreamedEntriesAreVerifiedAfterAFullRead) {
  TempDir tmp;
  write_sample_package(tmp / "s.ppc", {.random_files = 4, .buffer_bytes = 64 * 1024});
  CliResult r = run_cli({"list", tmp / "s.ppc", "--json", "-p", kPassphrase});
  ASSERT_EQ(r.code, 0) << r.err;
  int random = 0;
  for (const auto& e : nlohmann::json::parse(r.out)) {
    EXPECT_EQ(e["verification"], "verified") << e.dump();
    random += e["name"].get<std::string>().starts_with("files/random/");
  }
  EXPECT_EQ(random, 4);
  CliResult v = run_cli({"verify", tmp / "s.ppc", "-p", kPassphrase});
  EXPECT_EQ(v.code, 0) << v.out;
  EXPECT_NE(v.out.find("every entry verified"), std::string::npos) << v.out;
  CliResult x = run_cli({"extract", tmp / "s.ppc", "-p", kPassphrase, "-o", tmp / "x"});
  ASSERT_EQ(x.code, 0) << x.err;
  // "N files (...), N directories, N symlinks" in both summaries.
  std::string counts = x.out.substr(x.out.find(": ") + 2);
  counts = counts.substr(0, counts.find(" into "));
  EXPECT_NE(v.out.find(counts), std::string::npos) << v.out << " vs " << x.out;
}

// keygen --signing: an Ed25519 PEM pair; a package signed with the private key verifies
// against FILE.pub.
TEST(Keygen, SigningKeyPairSignsAndVerifies) {
  TempDir tmp;
  CliResult k = run_cli({"keygen", "--signing", "-o", tmp / "sign.pem"});
  ASSERT_EQ(k.code, 0) << k.err;
  EXPECT_EQ(lstat_of(tmp / "sign.pem").st_mode & 0777, 0600u);
  std::string pem = read_text(tmp / "sign.pem");
  EXPECT_TRUE(pem.starts_with("-----BEGIN PRIVATE KEY-----\n")) << pem;
  ppc::SigningKey key = ppc::load_signing_key_pem(pem, "sign.pem");
  EXPECT_EQ(read_text(tmp / "sign.pem.pub"), ppc::verify_key_pem(key.public_key));
  EXPECT_NE(k.out.find(ppc::key_id(key.public_key)), std::string::npos) << k.out;
  write_sample_package(tmp / "s.ppc", {.signing_key = &key});
  CliResult v =
      run_cli({"verify", tmp / "s.ppc", "-p", kPassphrase, "--verify-key", tmp / "sign.pem.pub"});
  EXPECT_EQ(v.code, 0) << v.out;
  EXPECT_NE(v.out.find("matches --verify-key"), std::string::npos) << v.out;
  EXPECT_EQ(run_cli({"keygen", "--signing", "-o", tmp / "sign.pem"}).code, 14);  // never overwrites
  EXPECT_EQ(run_cli({"keygen", "--signing"}).code, 2);                           // needs -o
}

TEST(Salvage, TruncatedPackageRecoversCheckpointedEntries) {
  TempDir tmp;
  std::string pkg = tmp / "big.ppc";
  write_sample_package(pkg, {.random_files = 8, .checkpoint_bytes = 64 * 1024});
  std::string bytes = read_text(pkg);
  write_text(pkg, bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(run_cli({"extract", pkg, "-p", kPassphrase, "-o", tmp / "normal"}).code, 12);
  CliResult r = run_cli({"salvage", pkg, "-p", kPassphrase});
  EXPECT_EQ(r.code, 12) << r.err;
  nlohmann::json s = nlohmann::json::parse(read_text(tmp / "big/salvage.json"));
  EXPECT_FALSE(s["complete"].get<bool>());
  EXPECT_EQ(s["failure"]["class"], "truncated");
  int random_recovered = 0;
  for (const auto& e : s["recovered"]) {
    std::string name = e["name"];
    EXPECT_TRUE(e["verification"] == "verified" || e["verification"] == "unverified") << e;
    if (name.rfind("files/random/", 0) == 0) {
      int index = std::stoi(name.substr(13, 3));
      EXPECT_EQ(read_text(tmp / "big/" + name), random_content(index)) << name;
      ++random_recovered;
    }
  }
  EXPECT_GE(random_recovered, 2) << s.dump(2);
  EXPECT_LT(random_recovered, 8) << s.dump(2);
  for (const auto& e : s["lost"]) EXPECT_FALSE(exists(tmp / "big/" + e["name"].get<std::string>()));
  EXPECT_NE(read_text(tmp / "big/custody.log").find("\"action\":\"salvage\""), std::string::npos);
}

TEST(Export, TarHoldsThePayloadByteForByte) {
  TempDir tmp;
  write_sample_package(tmp / "e.ppc");
  CliResult r = run_cli({"export", tmp / "e.ppc", "--format", "tar", "-p", kPassphrase});
  ASSERT_EQ(r.code, 0) << r.err;
  auto entries = read_tar(tmp / "e.tar");
  EXPECT_EQ(entries["files/etc/passwd"], sample_content("files/etc/passwd"));
  EXPECT_EQ(entries[kBinaryName], sample_content(kBinaryName));
  EXPECT_EQ(entries[kHostileName], sample_content(kHostileName));
  EXPECT_TRUE(entries.count("case.db"));
  bool internal = false;
  for (const auto& [name, data] : entries) internal |= name.rfind("ppc/", 0) == 0;
  EXPECT_TRUE(internal);
  EXPECT_NE(run_cli({"export", tmp / "e.ppc", "-f", "tar", "-p", kPassphrase}).code, 0)
      << "overwrote without --force";
}

TEST(Export, JsonlHasEveryTableTagged) {
  TempDir tmp;
  write_sample_package(tmp / "e.ppc");
  CliResult r = run_cli(
      {"export", tmp / "e.ppc", "--format", "jsonl", "-o", tmp / "out.jsonl", "-p", kPassphrase});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(read_text(tmp / "out.jsonl"));
  std::map<std::string, int> per_table;
  for (std::string line; std::getline(in, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    per_table[j["table"].get<std::string>()]++;
  }
  EXPECT_EQ(per_table["files"], 6);
  EXPECT_EQ(per_table["triage_matches"], 4);
  EXPECT_EQ(per_table["processes"], 2);
  EXPECT_EQ(per_table["network_connections"], 1);
}

TEST(Keygen, IdentityFileOpensPackagesForItsRecipient) {
  TempDir tmp;
  CliResult k = run_cli({"keygen", "-o", tmp / "me.key"});
  ASSERT_EQ(k.code, 0) << k.err;
  EXPECT_EQ(lstat_of(tmp / "me.key").st_mode & 0777, 0600u);
  std::string recipient = k.out.substr(0, k.out.find('\n'));
  ASSERT_EQ(recipient.rfind("ppc1", 0), 0u) << k.out;
  EXPECT_EQ(run_cli({"keygen", "-o", tmp / "me.key"}).code, 14);  // never overwrites

  PackageSpec spec;
  spec.recipients.emplace_back(ppc::parse_recipient(recipient));
  write_sample_package(tmp / "x.ppc", spec);
  CliResult r = run_cli({"extract", tmp / "x.ppc", "--identity", tmp / "me.key"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_text(tmp / "x/files/etc/passwd"), sample_content("files/etc/passwd"));
  CliResult none = run_cli({"verify", tmp / "x.ppc", "-p", "a passphrase"});
  EXPECT_EQ(none.code, 10);
}

TEST(Keys, PasswordFileAndEnvironment) {
  TempDir tmp;
  write_sample_package(tmp / "k.ppc");
  write_text(tmp / "pw.txt", std::string(kPassphrase) + "\r\n");
  CliResult f = run_cli({"verify", tmp / "k.ppc", "--password-file", tmp / "pw.txt"});
  EXPECT_EQ(f.code, 0) << f.out;
  EXPECT_EQ(f.err.find("visible"), std::string::npos);
  ::setenv("BIUNZIP_PASSWORD", kPassphrase, 1);
  CliResult e = run_cli({"verify", tmp / "k.ppc"});
  ::unsetenv("BIUNZIP_PASSWORD");
  EXPECT_EQ(e.code, 0) << e.out;
  EXPECT_EQ(run_cli({"verify", tmp / "k.ppc"}).code, 10);  // no key at all, no terminal
}

TEST(Compat, FileOptionExtractsOnePackage) {
  TempDir tmp;
  write_sample_package(tmp / "one.ppc");
  CliResult r = run_cli({"--file", tmp / "one.ppc", "--password", kPassphrase});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_text(tmp / "one/files/etc/passwd"), sample_content("files/etc/passwd"));
}

TEST(Compat, DirAndCsvExtractEveryListedPackage) {
  TempDir tmp;
  write_sample_package(tmp / "a.ppc", {.seed = 1});
  write_sample_package(tmp / "b.ppc", {.seed = 2});
  write_sample_package(tmp / "c.ppc", {.seed = 3});
  write_text(tmp / "list.csv",
             "\xEF\xBB\xBF\"File Name\",Custodian,\"Zip Password\"\r\n"
             "a.ppc,\"Doe, Jane\"," +
                 std::string(kPassphrase) +
                 "\r\n"
                 "b,x,\"" +
                 std::string(kPassphrase) +
                 "\"\r\n"  // extension left out
                 "missing.ppc,y,whatever\r\n"
                 "c.ppc,z,wrong password\r\n"
                 "a.ppc,dup," +
                 std::string(kPassphrase) + "\r\n");
  CliResult r = run_cli({"--dir", tmp.path(), "--csv", tmp / "list.csv", "--jobs", "2", "-q"});
  EXPECT_EQ(r.code, 14) << r.err;  // the first failing row (missing.ppc) names the code
  EXPECT_EQ(read_text(tmp / "a/files/etc/passwd"), sample_content("files/etc/passwd"));
  EXPECT_EQ(read_text(tmp / "b/files/etc/passwd"), sample_content("files/etc/passwd"));
  EXPECT_FALSE(exists(tmp / "c"));
  EXPECT_NE(r.err.find("missing.ppc: no such file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("duplicate file name 'a.ppc'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("c.ppc"), std::string::npos) << r.err;
}

TEST(Compat, ZipInTheList) {
  TempDir tmp;
  {
    std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                              &archive_write_free);
    archive_write_set_format_zip(a.get());
    archive_write_set_options(a.get(), "zip:encryption=aes256");
    archive_write_set_passphrase(a.get(), "zip pw");
    archive_write_open_filename(a.get(), (tmp / "z.zip").c_str());
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                    &archive_entry_free);
    archive_entry_copy_pathname(e.get(), "inside.txt");
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), 5);
    archive_write_header(a.get(), e.get());
    archive_write_data(a.get(), "hello", 5);
    archive_write_close(a.get());
  }
  write_text(tmp / "l.csv", "File Name,Zip Password\nz.zip,zip pw\n");
  CliResult r = run_cli({"--dir", tmp.path(), "--csv", tmp / "l.csv"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_text(tmp / "z/inside.txt"), "hello");
  EXPECT_TRUE(exists(tmp / "z/custody.log"));
}

TEST(Cli, UsageVersionAndHelp) {
  EXPECT_EQ(run_cli({}).code, 2);
  EXPECT_EQ(run_cli({"extract"}).code, 2);
  EXPECT_EQ(run_cli({"--no-such-option"}).code, 2);
  EXPECT_EQ(run_cli({"--dir", "/tmp"}).code, 2);  // --dir needs --csv
  CliResult v = run_cli({"--version"});
  EXPECT_EQ(v.code, 0);
  for (const char* lib : {"biunzip", "OpenSSL", "libarchive", "zstd", "SQLite"}) {
    EXPECT_NE(v.out.find(lib), std::string::npos) << lib;
  }
  CliResult h = run_cli({"--help"});
  EXPECT_EQ(h.code, 0);
  for (const char* code : {"  10  ", "  11  ", "  12  ", "  13  ", "  14  ", "  15  "}) {
    EXPECT_NE(h.out.find(code), std::string::npos) << code;
  }
}

TEST(Report, FromPackageAndFromDirectory) {
  TempDir tmp;
  write_sample_package(tmp / "r.ppc");
  CliResult p = run_cli({"report", tmp / "r.ppc", "-p", kPassphrase});
  ASSERT_EQ(p.code, 0) << p.err;
  std::string html = read_text(tmp / "r.report.html");
  EXPECT_NE(html.find("web01.example"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), html.rfind("<script>"));  // only the report's own
  EXPECT_NE(html.find("verified while this report read it"), std::string::npos);
  ASSERT_EQ(run_cli({"extract", tmp / "r.ppc", "-p", kPassphrase, "--no-report"}).code, 0);
  EXPECT_FALSE(exists(tmp / "r/report.html"));
  CliResult d = run_cli({"report", tmp / "r"});
  ASSERT_EQ(d.code, 0) << d.err;
  std::string from_dir = read_text(tmp / "r/report.html");
  EXPECT_NE(from_dir.find("r.ppc"), std::string::npos);  // named from custody.log
  EXPECT_NE(from_dir.find("extract"), std::string::npos);
}

}  // namespace
}  // namespace biunzip_test
