// Hostile archives and hostile output directories: every escape is refused, the rest extracts.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <memory>

#include "biunzip/archive_extract.hpp"
#include "biunzip/exit_codes.hpp"
#include "biunzip/output_tree.hpp"
#include "fixture.hpp"

namespace biunzip {
namespace {

using biunzip_test::exists;
using biunzip_test::lstat_of;
using biunzip_test::read_text;
using biunzip_test::TempDir;

// Builds an archive with libarchive's writer, entry by entry.
class ArchiveBuilder {
 public:
  ArchiveBuilder(const std::string& path, bool zip, const char* passphrase = nullptr)
      : a_(archive_write_new(), &archive_write_free) {
    if (zip) {
      archive_write_set_format_zip(a_.get());
      if (passphrase) {
        EXPECT_EQ(archive_write_set_options(a_.get(), "zip:encryption=aes256"), ARCHIVE_OK)
            << archive_error_string(a_.get());
        archive_write_set_passphrase(a_.get(), passphrase);
      }
    } else {
      archive_write_set_format_pax_restricted(a_.get());
    }
    EXPECT_EQ(archive_write_open_filename(a_.get(), path.c_str()), ARCHIVE_OK);
  }
  ~ArchiveBuilder() { archive_write_close(a_.get()); }

  void file(const std::string& name, const std::string& data, int mode = 0644) {
    auto e = entry(name, AE_IFREG, mode);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    // ARCHIVE_WARN: a name that is not UTF-8 goes into the pax header as binary.
    ASSERT_GE(archive_write_header(a_.get(), e.get()), ARCHIVE_WARN)
        << archive_error_string(a_.get());
    archive_write_data(a_.get(), data.data(), data.size());
  }
  void symlink(const std::string& name, const std::string& target) {
    auto e = entry(name, AE_IFLNK, 0777);
    archive_entry_copy_symlink(e.get(), target.c_str());
    archive_write_header(a_.get(), e.get());
  }
  void special(const std::string& name, mode_t type) {
    auto e = entry(name, type, 0644);
    if (type == AE_IFCHR) archive_entry_set_rdev(e.get(), makedev(1, 3));
    archive_write_header(a_.get(), e.get());
  }
  void hardlink(const std::string& name, const std::string& target) {
    auto e = entry(name, AE_IFREG, 0644);
    archive_entry_copy_hardlink(e.get(), target.c_str());
    archive_write_header(a_.get(), e.get());
  }

 private:
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(const std::string& name,
                                                                      mode_t type, int mode) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                    &archive_entry_free);
    archive_entry_copy_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), type);
    archive_entry_set_perm(e.get(), mode);
    archive_entry_set_mtime(e.get(), 1600000000, 0);
    return e;
  }
  std::unique_ptr<archive, decltype(&archive_write_free)> a_;
};

TEST(EntryNames, UnsafeNamesRefused) {
  std::vector<std::string> parts;
  EXPECT_EQ(check_entry_name("", &parts), "empty name");
  EXPECT_EQ(check_entry_name("/etc/passwd", &parts), "absolute path");
  EXPECT_EQ(check_entry_name("../x", &parts), "path contains '..'");
  EXPECT_EQ(check_entry_name("a/../../x", &parts), "path contains '..'");
  EXPECT_EQ(check_entry_name("a/..", &parts), "path contains '..'");
  EXPECT_EQ(check_entry_name(std::string("a\0b", 3), &parts), "name contains a NUL byte");
  EXPECT_EQ(check_entry_name("./.", &parts), "name has no components");
  EXPECT_FALSE(check_entry_name("a/" + std::string(300, 'x'), &parts).empty());
}

TEST(EntryNames, SafeNamesNormalized) {
  std::vector<std::string> parts;
  EXPECT_EQ(check_entry_name("./files//etc/./passwd", &parts), "");
  EXPECT_EQ(parts, (std::vector<std::string>{"files", "etc", "passwd"}));
  EXPECT_EQ(check_entry_name("files/..hidden/...", &parts), "");
  EXPECT_EQ(check_entry_name("files/bin\xff\xfe", &parts), "");
  EXPECT_EQ(parts.back(), "bin\xff\xfe");
}

TEST(EntryNames, SymlinkTargets) {
  EXPECT_TRUE(symlink_stays_inside("sibling"));
  EXPECT_TRUE(symlink_stays_inside("sub/dir/file"));
  EXPECT_TRUE(symlink_stays_inside("."));
  EXPECT_FALSE(symlink_stays_inside("/etc/passwd"));
  EXPECT_FALSE(symlink_stays_inside("../x"));
  EXPECT_FALSE(symlink_stays_inside("a/../../x"));
  EXPECT_FALSE(symlink_stays_inside("a/.."));  // a may itself be a link to "."
  EXPECT_FALSE(symlink_stays_inside(""));
}

TEST(OutputTree, PreexistingSymlinkedParentIsNotFollowed) {
  TempDir tmp;
  ASSERT_EQ(::mkdir((tmp / "out").c_str(), 0755), 0);
  ASSERT_EQ(::mkdir((tmp / "outside").c_str(), 0755), 0);
  ASSERT_EQ(::symlink((tmp / "outside").c_str(), (tmp / "out/files").c_str()), 0);
  OutputTree tree(tmp / "out", {});
  try {
    tree.create_file("files/x.txt", 1);
    FAIL() << "followed a symlinked parent";
  } catch (const ppc::Error& e) {
    EXPECT_EQ(e.error_class(), ppc::ErrorClass::unsafe_entry);
    EXPECT_NE(std::string(e.what()).find("symlink"), std::string::npos);
  }
  EXPECT_FALSE(exists(tmp / "outside/x.txt"));
}

TEST(OutputTree, ExistingSymlinkLeafIsReplacedNotFollowed) {
  TempDir tmp;
  ASSERT_EQ(::mkdir((tmp / "out").c_str(), 0755), 0);
  biunzip_test::write_text(tmp / "target", "keep me");
  ASSERT_EQ(::symlink((tmp / "target").c_str(), (tmp / "out/a.txt").c_str()), 0);
  OutputTree careful(tmp / "out", {});
  EXPECT_THROW(careful.create_file("a.txt", 3), ppc::Error);
  OutputTree forced(tmp / "out", {.force = true});
  UniqueFd fd = forced.create_file("a.txt", 3);
  OutputTree::write_all(fd.get(), {reinterpret_cast<const uint8_t*>("new"), 3}, "a.txt");
  forced.finish_file(std::move(fd), "a.txt", 0644, std::nullopt, std::nullopt);
  EXPECT_EQ(read_text(tmp / "target"), "keep me");
  EXPECT_TRUE(S_ISREG(lstat_of(tmp / "out/a.txt").st_mode));
  EXPECT_EQ(read_text(tmp / "out/a.txt"), "new");
}

TEST(OutputTree, SizeLimitRefusesAsLimit) {
  TempDir tmp;
  OutputTree tree(tmp / "out", {.max_total_bytes = 100});
  EXPECT_NO_THROW(tree.create_file("small", 60));
  try {
    tree.create_file("big", 60);
    FAIL() << "limit not enforced";
  } catch (const ppc::Error& e) {
    EXPECT_EQ(e.error_class(), ppc::ErrorClass::limit);
  }
  EXPECT_FALSE(exists(tmp / "out/big"));
}

TEST(OutputTree, FreeSpaceIsChecked) {
  TempDir tmp;
  OutputTree tree(tmp / "out", {});
  EXPECT_THROW(tree.create_file("huge", uint64_t{1} << 60), ppc::Error);
  EXPECT_FALSE(exists(tmp / "out/huge"));
}

TEST(ArchiveExtract, HostileTarEveryEscapeRefused) {
  TempDir tmp;
  std::string tar = tmp / "evil.tar";
  {
    ArchiveBuilder b(tar, false);
    b.file("good/readme.txt", "fine\n");
    b.file("../up.txt", "x");
    b.file("/tmp/biunzip-test-abs.txt", "x");
    b.file("good/../../twice.txt", "x");
    b.symlink("good/link", tmp / "outside");
    b.file("good/link/through.txt", "x");
    b.symlink("good/rel", "readme.txt");
    b.hardlink("good/hard", "/etc/passwd");
    b.special("good/null", AE_IFCHR);
    b.special("good/fifo", AE_IFIFO);
    b.file("good/suid", "#!/bin/sh\n", 06755);
    b.file(std::string("good/bin\xff\xfe"), "raw name");
  }
  ASSERT_EQ(::mkdir((tmp / "outside").c_str(), 0755), 0);
  OutputTree tree(tmp / "out", {.keep_modes = true});  // to see which bits survive
  ExtractSummary s = extract_archive(tar, tree, {});
  EXPECT_FALSE(s.failure) << s.failure->what();
  EXPECT_EQ(read_text(tmp / "out/good/readme.txt"), "fine\n");
  EXPECT_FALSE(exists(tmp / "up.txt"));
  EXPECT_FALSE(exists("/tmp/biunzip-test-abs.txt"));
  EXPECT_FALSE(exists(tmp / "twice.txt"));
  EXPECT_FALSE(exists(tmp / "outside/through.txt"));
  EXPECT_FALSE(exists(tmp / "out/good/hard"));
  EXPECT_FALSE(exists(tmp / "out/good/null"));
  EXPECT_FALSE(exists(tmp / "out/good/fifo"));
  // An absolute link is kept as text; a link that stays inside is a link.
  EXPECT_TRUE(S_ISREG(lstat_of(tmp / "out/good/link").st_mode));
  EXPECT_EQ(read_text(tmp / "out/good/link"), tmp / "outside");
  EXPECT_TRUE(S_ISLNK(lstat_of(tmp / "out/good/rel").st_mode));
  struct stat suid = lstat_of(tmp / "out/good/suid");
  EXPECT_EQ(suid.st_mode & 07777, 0755u);
  EXPECT_EQ(suid.st_mtime, 1600000000);
  EXPECT_EQ(read_text(tmp / "out/good/bin\xff\xfe"), "raw name");
  EXPECT_EQ(s.refusals.size(), 7u);
  for (const std::string& r : s.refusals) EXPECT_NE(r.find("refused"), std::string::npos) << r;
  EXPECT_EQ(exit_code_of(s), kExitRefused);
}

TEST(ArchiveExtract, PlainZipWithTraversal) {
  TempDir tmp;
  std::string zip = tmp / "plain.zip";
  {
    ArchiveBuilder b(zip, true);
    b.file("docs/a.txt", "alpha");
    b.file("../../zip-escape.txt", "x");
  }
  ASSERT_TRUE(looks_like_archive(zip));
  OutputTree tree(tmp / "out", {});
  ExtractSummary s = extract_archive(zip, tree, {});
  EXPECT_EQ(read_text(tmp / "out/docs/a.txt"), "alpha");
  EXPECT_FALSE(exists(tmp / "zip-escape.txt"));
  EXPECT_EQ(s.refusals.size(), 1u);
  ASSERT_EQ(s.entries.size(), 1u);
  EXPECT_EQ(s.entries[0].sha256,
            "8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8");
}

TEST(ArchiveExtract, WinZipAesWithRightAndWrongPassphrase) {
  TempDir tmp;
  std::string zip = tmp / "aes.zip";
  {
    ArchiveBuilder b(zip, true, "zip secret");
    b.file("evidence/one.txt", "first evidence file\n");
    b.file("evidence/two.txt", "second evidence file\n");
  }
  {
    OutputTree tree(tmp / "wrong", {});
    ExtractSummary s = extract_archive(zip, tree, {"not it"});
    EXPECT_EQ(exit_code_of(s), kExitKey);
    EXPECT_FALSE(exists(tmp / "wrong/evidence/one.txt"));
  }
  OutputTree tree(tmp / "right", {});
  ExtractSummary s = extract_archive(zip, tree, {"not it", "zip secret"});
  EXPECT_EQ(exit_code_of(s), kExitOk) << (s.problems.empty() ? "" : s.problems[0].message);
  EXPECT_EQ(read_text(tmp / "right/evidence/one.txt"), "first evidence file\n");
  EXPECT_EQ(read_text(tmp / "right/evidence/two.txt"), "second evidence file\n");
}

}  // namespace
}  // namespace biunzip
