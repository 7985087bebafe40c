// ppc::read_secret_file: the same bytes as read_file, for any size, and the same errors.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include <string>

#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "scratch_dir.hpp"

namespace {

using ppc::test::ScratchDir;

TEST(ReadSecretFile, SameBytesAsReadFileAtEverySize) {
  ScratchDir dir;
  for (std::size_t size : {0u, 1u, 31u, 4096u, 4097u, 70000u, 300000u}) {
    std::string content(size, '\0');
    for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<char>('a' + i * 7 % 26);
    std::string name = "secret-" + std::to_string(size);
    dir.write(name, content);
    std::string path = dir / name;
    ppc::SecureBytes secret = ppc::read_secret_file(path);
    std::vector<uint8_t> plain = ppc::read_file(path);
    ASSERT_EQ(secret.size(), size);
    EXPECT_TRUE(std::equal(secret.begin(), secret.end(), plain.begin(), plain.end())) << size;
  }
}

TEST(ReadSecretFile, ReadsWhatAPipeDeliversWithoutASizeHint) {
  ScratchDir dir;
  std::string fifo = dir / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::string content(10000, 'p');
  std::thread writer([&] {
    FILE* f = std::fopen(fifo.c_str(), "w");
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
  });
  ppc::SecureBytes secret = ppc::read_secret_file(fifo);
  writer.join();
  EXPECT_EQ(std::string(secret.begin(), secret.end()), content);
}

TEST(ReadSecretFile, MissingFileIsAnIoErrorNamingThePath) {
  try {
    ppc::read_secret_file("/nonexistent/ppc-secret");
    FAIL() << "no error";
  } catch (const ppc::Error& e) {
    EXPECT_EQ(e.error_class(), ppc::ErrorClass::io);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/ppc-secret"), std::string::npos);
  }
}

}  // namespace
