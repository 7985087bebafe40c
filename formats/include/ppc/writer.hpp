#pragma once
// PackageWriter: streams a PPC package (docs/FORMAT.md) to a ByteSink, strictly sequentially.
//
//   header | STREAM chunks of zstd( pax tar of entries, checkpoints, final manifest )
//
// Every entry is hashed in the same pass that stores it. Checkpoints (the list of entries
// completed since the previous checkpoint, with their digests) go into the stream every
// `checkpoint_bytes` of payload or `checkpoint_interval_ns`, between entries, and are made
// durable, so an interrupted package is salvageable up to its last checkpoint.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ppc/entry.hpp"
#include "ppc/environment.hpp"
#include "ppc/hashing.hpp"
#include "ppc/io.hpp"
#include "ppc/keys.hpp"

namespace ppc {

struct WriterOptions {
  std::vector<Recipient> recipients;  // at least one unless encrypt is false
  bool encrypt = true;                // false: the file key is stored in the clear (no secrecy)
  HashSelection hashes;
  int zstd_level = 1;
  int zstd_workers = 2;  // compression threads (independent 1 MiB frames); 0: one streaming frame
                         // per checkpoint interval, compressed on the calling thread
  uint64_t checkpoint_bytes = 64ull << 20;
  int64_t checkpoint_interval_ns = 10'000'000'000;
  bool sync_at_checkpoints = true;
  // Files up to this size are read whole before their tar header is written, so their digests
  // also go into their own pax header; larger files stream and are covered by the manifest.
  std::size_t buffer_bytes = 8u << 20;
  const SigningKey* signing_key = nullptr;  // sign the final manifest digest when set
  Random* random = nullptr;                 // null: system_random()
  Clock* clock = nullptr;                   // null: system_clock()
};

// Sees an entry's bytes as they are stored, in order: lets triage scan the same buffer that
// the writer stores (one read per file). `whole` is true when `data` is the complete entry.
using DataObserver =
    std::function<void(uint64_t offset, std::span<const uint8_t> data, bool whole)>;

struct EntryResult {
  std::string name;
  uint64_t size = 0;          // bytes stored
  uint64_t source_bytes = 0;  // bytes actually read from the source
  EntryStatus status = EntryStatus::complete;
  int read_errno = 0;  // for read_error
  Digests digests;
};

struct FinishResult {
  std::array<uint8_t, 32> package_sha256{};  // of every byte written, header included
  uint64_t package_bytes = 0;
  uint64_t entries = 0;         // data entries (checkpoints not counted)
  std::string manifest_sha256;  // digest of the final checkpoint (what is signed)
};

// A small entry read and hashed ahead of time, on any thread, to be stored later with
// PackageWriter::add_prepared (a collector reads the next files while the writer stores one).
struct PreparedEntry {
  EntryMeta meta;
  std::vector<uint8_t> data;  // the meta.size bytes to store (zero-filled where the source ended)
  EntryResult result;         // status, digests, bytes read, errno: as add_stream reports them
};

// Reads `meta.size` bytes from `source` (one more to notice growth) and hashes them with
// `hasher` (which must select the writer's hashes). Thread-safe: no writer state. Meant for
// entries that fit the writer's buffer.
PreparedEntry prepare_entry(ByteSource& source, const EntryMeta& meta, MultiHasher& hasher);

class PackageWriter {
 public:
  // Starts the package: the header's key wrapping (scrypt for a passphrase) runs on a thread of
  // its own until the first entry is added, which waits for it; the header reaches the sink
  // before any chunk. Throws Error(usage) for inconsistent options.
  //
  // An exception that leaves an add_* call, checkpoint() or finish() once bytes of it reached
  // the tar stream (a write error, an observer that throws, a compression failure) may leave
  // half an entry there: from then on every call throws Error(io) naming that entry, finish()
  // included, and the sink holds an interrupted package, salvageable up to its last checkpoint.
  PackageWriter(ByteSink& out, WriterOptions options);
  // An unfinished writer flushes nothing more: the package stays an interrupted (salvageable) one.
  ~PackageWriter();
  PackageWriter(const PackageWriter&) = delete;
  PackageWriter& operator=(const PackageWriter&) = delete;

  // Stores `meta.size` bytes read with read(2) from `fd` (never more, zero-filled if the
  // source ends early) and reports how the source behaved.
  EntryResult add_file(int fd, const EntryMeta& meta, const DataObserver& observer = {});
  // Stores `meta.size` bytes pulled from `source`, with the same status rules as add_file.
  EntryResult add_stream(ByteSource& source, const EntryMeta& meta,
                         const DataObserver& observer = {});
  // Entries up to this size are read whole before their header (their digests go into it); the
  // size up to which prepare_entry/add_prepared make sense.
  uint64_t whole_entry_max() const;
  // Stores a prepared entry: the same bytes and records add_stream would have written.
  EntryResult add_prepared(const PreparedEntry& entry, const DataObserver& observer = {});
  // Stores bytes held in memory; meta.size is taken from data.size().
  EntryResult add_bytes(const EntryMeta& meta, std::span<const uint8_t> data);
  EntryResult add_text(const EntryMeta& meta, std::string_view text);
  void add_symlink(const EntryMeta& meta);

  // Writes a checkpoint now if any entry completed since the last one.
  void checkpoint();
  // Writes the final manifest (and signature), seals the last chunk and syncs.
  FinishResult finish();

  uint64_t payload_bytes() const;  // uncompressed tar bytes so far
  uint64_t package_bytes() const;  // bytes handed to the sink so far
  // True once a failure part way through an entry means the package cannot be finished.
  bool failed() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ppc
