// A failure part way through an entry (formats/src/writer.cpp): once an exception leaves the
// writer after an entry's tar header was written, the entry cannot be completed honestly, so
// the writer refuses every later entry and finish() throws, and what reached the sink is an
// interrupted package that salvage reads up to the failure. Issue #22 item 1: a package must
// verify, or the run must say loudly that it does not; the writer never finishes a package
// whose stream holds half an entry (before, the next entry's digest took in the half entry's
// bytes and the finished package failed verification).
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "ppc/reader.hpp"
#include "ppc/writer.hpp"
#include "string_source.hpp"

namespace {

using namespace ppc;
using ppc::test::pseudo_random_text;
using ppc::test::StringSource;

struct Collect : EntryVisitor {
  std::map<std::string, std::string> bytes;
  std::string current;
  void begin(const EntryInfo& info) override { current = info.meta.name; }
  void data(std::span<const uint8_t> b) override {
    bytes[current].append(reinterpret_cast<const char*>(b.data()), b.size());
  }
};

WriterOptions small_buffer() {
  WriterOptions o;
  o.encrypt = false;
  o.buffer_bytes = 64 * 1024;  // entries over 64 KiB stream in blocks
  return o;
}

EntryMeta meta(std::string name, uint64_t size) {
  EntryMeta m;
  m.name = std::move(name);
  m.size = size;
  m.mode = 0644;
  return m;
}

// An observer (triage, in the collector) that fails on the entry's second block.
DataObserver failing_observer() {
  return [](uint64_t offset, std::span<const uint8_t>, bool) {
    if (offset > 0) throw std::runtime_error("observer failed");
  };
}

TEST(WriterFailure, AFailurePartWayThroughAnEntryIsNeverFinishedAsAWholePackage) {
  MemorySink sink;
  PackageWriter w(sink, small_buffer());
  w.add_text(meta("files/before", 0), "stored before the failure\n");
  w.checkpoint();
  std::string big = pseudo_random_text(1 << 20, 5);
  StringSource src(big);
  EXPECT_THROW(w.add_stream(src, meta("files/big", big.size()), failing_observer()),
               std::runtime_error);

  try {
    w.add_text(meta("files/after", 0), "after\n");
    ADD_FAILURE() << "an entry was accepted after a failure part way through another";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::io);
    EXPECT_NE(std::string(e.what()).find("files/big"), std::string::npos) << e.what();
  }
  EXPECT_THROW(w.finish(), Error);
}

TEST(WriterFailure, WhatWasWrittenBeforeTheFailureIsSalvageable) {
  MemorySink sink;
  {
    PackageWriter w(sink, small_buffer());
    w.add_text(meta("files/before", 0), "stored before the failure\n");
    w.checkpoint();
    std::string big = pseudo_random_text(1 << 20, 5);
    StringSource src(big);
    EXPECT_THROW(w.add_stream(src, meta("files/big", big.size()), failing_observer()),
                 std::runtime_error);
    EXPECT_THROW(w.finish(), Error);
  }
  {
    MemorySource in(sink.bytes);
    Collect c;
    EXPECT_THROW(read_package(in, ReadOptions{}, c), Error);  // not a finished package
  }
  MemorySource in(sink.bytes);
  ReadOptions o;
  o.salvage = true;
  Collect c;
  ReadReport r = read_package(in, o, c);
  EXPECT_FALSE(r.complete);
  EXPECT_EQ(c.bytes["files/before"], "stored before the failure\n");
}

// A failure before the entry's header (here: the source is not a file of the size claimed
// for a prepared entry) leaves nothing half-written: the writer goes on.
TEST(WriterFailure, ARefusalBeforeTheHeaderLeavesTheWriterUsable) {
  MemorySink sink;
  PackageWriter w(sink, small_buffer());
  PreparedEntry bad;
  bad.meta = meta("files/bad", 10);
  EXPECT_THROW(w.add_prepared(bad), Error);
  w.add_text(meta("files/next", 0), "next\n");
  w.finish();
  MemorySource in(sink.bytes);
  Collect c;
  ReadReport r = read_package(in, ReadOptions{}, c);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(c.bytes["files/next"], "next\n");
}

}  // namespace
