#include "ppc/writer.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <future>
#include <optional>

#include "background_sync.hpp"
#include "chunk_sealer.hpp"
#include "hash_pipe.hpp"
#include "manifest.hpp"
#include "payload_encoder.hpp"
#include "ppc/error.hpp"
#include "ppc/header.hpp"
#include "stanza.hpp"
#include "stream.hpp"
#include "tar_writer.hpp"

namespace ppc {

using namespace detail;

namespace {

// The option errors a caller must see at once, before the header is built in the background.
void check_recipients(const WriterOptions& opt) {
  if (opt.encrypt && opt.recipients.empty())
    fail(ErrorClass::usage,
         "no recipient: give a passphrase, a public key or a certificate, or "
         "choose an unencrypted package explicitly");
  if (opt.encrypt && opt.recipients.size() > kMaxStanzas)
    fail(ErrorClass::usage, "too many recipients (at most 64)");
}

std::vector<uint8_t> build_header(const WriterOptions& opt, std::span<const uint8_t, 32> file_key,
                                  const std::array<uint8_t, 16>& salt, Random& random) {
  std::vector<Stanza> stanzas;
  if (!opt.encrypt) {
    stanzas.push_back(plaintext_key_stanza(file_key));
  } else {
    for (const auto& r : opt.recipients) stanzas.push_back(wrap_file_key(r, file_key, random));
  }
  if (stanzas.empty())
    fail(ErrorClass::usage,
         "no recipient: give a passphrase, a public key or a certificate, or "
         "choose an unencrypted package explicitly");
  if (stanzas.size() > kMaxStanzas) fail(ErrorClass::usage, "too many recipients (at most 64)");
  std::vector<uint8_t> h(kMagic.begin(), kMagic.end());
  h.insert(h.end(),
           {kVersionMajor, kVersionMinor, kCipherAes256Gcm, kCompressionZstd, kChunkLog2, 0,
            static_cast<uint8_t>(stanzas.size()), static_cast<uint8_t>(stanzas.size() >> 8)});
  h.insert(h.end(), salt.begin(), salt.end());
  for (const auto& s : stanzas) {
    h.insert(h.end(), {static_cast<uint8_t>(s.type), 0, static_cast<uint8_t>(s.body.size()),
                       static_cast<uint8_t>(s.body.size() >> 8)});
    h.insert(h.end(), s.body.begin(), s.body.end());
  }
  Key header_key = derive_header_key(file_key);
  auto mac = hmac_sha256(header_key, h);
  secure_wipe(header_key.data(), header_key.size());
  h.insert(h.end(), mac.begin(), mac.end());
  return h;
}

// Large entries go to the compressor in blocks of this size: small enough that the compression
// threads always have queued input while the next block is read and hashed, large enough to
// keep read(2) calls few.
constexpr std::size_t kStreamBlock = 256u << 10;
// Blocks in flight between reading and hashing: 4 MiB of the 8 MiB buffer. The hash pipe is the
// slowest stage on incompressible data; a deeper ring rides out the moments it is not scheduled
// (8 -> 24 blocks: 2 GiB in 3.26 -> 3.18 s, best of 4; 16 blocks were as fast as 24 on 512 MiB).
constexpr std::size_t kStreamRing = 16;

PaxExtras digest_extras(const Digests& d, EntryStatus status) {
  PaxExtras x{{"sha256", d.sha256}, {"status", std::string(to_string(status))}};
  if (!d.md5.empty()) x["md5"] = d.md5;
  if (!d.sha1.empty()) x["sha1"] = d.sha1;
  return x;
}

// Reads into `out`; 0 at the end of the source or on a read error (then `err` is set, so the
// entry is stored with status read-error instead of aborting the package).
std::size_t read_some(ByteSource& src, std::span<uint8_t> out, int& err) {
  try {
    return src.read(out);
  } catch (const Error& e) {
    err = e.sys_errno() != 0 ? e.sys_errno() : EIO;
    return 0;
  }
}

void classify(const EntryMeta& meta, uint64_t got, EntryResult& r) {
  r.source_bytes = std::min(got, meta.size);
  if (r.read_errno != 0)
    r.status = EntryStatus::read_error;
  else if (got > meta.size)
    r.status = meta.size_limited ? EntryStatus::truncated : EntryStatus::grew;
  else if (got < meta.size)
    r.status = EntryStatus::shrank;
  else
    r.status = meta.source_status;
}

// A small entry read whole into `buf` (meta.size + 1 bytes, the extra one to notice growth),
// zero-filled if the source ended early, hashed, classified. Returns the bytes to store.
std::span<const uint8_t> read_whole(ByteSource& src, const EntryMeta& meta, std::span<uint8_t> buf,
                                    MultiHasher& hasher, EntryResult& r) {
  std::size_t want = static_cast<std::size_t>(meta.size) + 1;
  std::size_t got = 0;
  while (got < want && r.read_errno == 0) {
    std::size_t n = read_some(src, buf.subspan(got, want - got), r.read_errno);
    if (n == 0) break;
    got += n;
  }
  classify(meta, got, r);
  std::size_t stored = static_cast<std::size_t>(meta.size);
  if (got < stored) std::memset(buf.data() + got, 0, stored - got);
  std::span<const uint8_t> data(buf.data(), stored);
  hasher.update(data);
  r.digests = hasher.finish();
  return data;
}

}  // namespace

PreparedEntry prepare_entry(ByteSource& source, const EntryMeta& meta, MultiHasher& hasher) {
  PreparedEntry p;
  p.meta = meta;
  p.result.name = meta.name;
  p.result.size = meta.size;
  p.data.resize(static_cast<std::size_t>(meta.size) + 1);
  std::size_t stored = read_whole(source, meta, p.data, hasher, p.result).size();
  p.data.resize(stored);
  return p;
}

namespace {}  // namespace

struct PackageWriter::Impl {
  WriterOptions opt;
  Random& random;
  Clock& clock;
  ByteSink& sink;
  // The package's own SHA-256, of the header and every sealed chunk in order, computed on a
  // thread of its own (declared before the sealer that feeds it: destroyed after it).
  MultiHasher package_hasher;
  std::optional<HashPipe> package_hash;
  // The header is built on a thread of its own (a passphrase costs an scrypt run) while the
  // caller prepares its first entry; the sealer writes it before the first chunk.
  SecureBytes file_key;
  std::vector<uint8_t> header;
  std::atomic<uint64_t> header_size{0};
  std::shared_future<void> header_built;  // declared after what it uses: waited for first
  std::optional<BackgroundSync> syncer;   // destroyed after the sealer that starts it
  std::optional<ChunkSealer> sealer;
  std::optional<PayloadEncoder> encoder;
  std::optional<TarWriter> tar;
  // Not zero-filled: only the pages the largest entry so far touched count in the RSS.
  struct Buffer {
    std::unique_ptr<uint8_t[]> bytes;
    std::size_t n;
    uint8_t* data() { return bytes.get(); }
    std::size_t size() const { return n; }
  } buffer;
  MultiHasher hasher;
  std::optional<HashPipe> hash_pipe;  // hashes large entries' blocks beside compression

  std::vector<ManifestItem> pending;  // completed since the last checkpoint
  uint64_t checkpoint_seq = 0;
  std::string prev_checkpoint_sha256;
  uint64_t payload = 0;
  uint64_t payload_at_checkpoint = 0;
  int64_t checkpoint_time = 0;
  uint64_t entries = 0;
  bool finished = false;
  std::string failure;  // why the package cannot be finished (see PackageWriter's header)

  Impl(ByteSink& out, WriterOptions o)
      : opt(std::move(o)),
        random(opt.random ? *opt.random : system_random()),
        clock(opt.clock ? *opt.clock : system_clock()),
        sink(out),
        buffer{std::make_unique_for_overwrite<uint8_t[]>(
                   std::max<std::size_t>(opt.buffer_bytes, 64 * 1024)),
               std::max<std::size_t>(opt.buffer_bytes, 64 * 1024)},
        hasher(opt.hashes) {}

  void start() {
    check_recipients(opt);
    file_key = SecureBytes(32);
    random.fill(file_key);
    std::array<uint8_t, 16> salt{};
    random.fill(salt);
    Key payload_key =
        derive_payload_key(file_key, salt);  // before the header thread wipes the file key
    header_built = std::async(std::launch::async, [this, salt] {
                     header = build_header(opt, std::span<const uint8_t, 32>(file_key.data(), 32),
                                           salt, random);
                     header_size = header.size();
                     secure_wipe(file_key.data(), file_key.size());
                   }).share();
    package_hash.emplace(package_hasher);
    if (opt.sync_at_checkpoints) syncer.emplace(sink);
    // A checkpoint's sync starts once its last chunk is written (on the sealing thread).
    std::function<void()> on_mark;
    if (syncer) on_mark = [this] { syncer->start(); };
    auto header_bytes = [this]() -> std::span<const uint8_t> {
      header_built.get();  // rethrows a key-wrapping failure
      return header;
    };
    sealer.emplace(sink, payload_key, std::size_t{1} << kChunkLog2, std::move(on_mark),
                   &*package_hash, std::move(header_bytes));
    secure_wipe(payload_key.data(), payload_key.size());
    encoder.emplace(*sealer, opt.zstd_level, opt.zstd_workers);
    tar.emplace([this](std::span<const uint8_t> b) {
      payload += b.size();
      encoder->write(b);
    });
    checkpoint_time = clock.monotonic_ns();
    hash_pipe.emplace(hasher);
  }

  uint64_t package_bytes() const { return header_size.load() + sealer->sealed_bytes(); }
  // One byte of the buffer stays free to notice a file that grows while read.
  uint64_t whole_entry_max() const { return buffer.size() - 1; }

  // Before any entry: the header must be built. Waiting here keeps scrypt's 32 MiB from
  // overlapping the pipeline's buffers (peak RSS), yet lets work that adds no entry (a triage
  // scan before its matches are stored) run beside it. Rethrows a key-wrapping failure.
  void require_open() const {
    if (finished) fail(ErrorClass::usage, "package writer already finished");
    if (!failure.empty()) fail(ErrorClass::io, failure);
    header_built.get();
  }

  // Runs `write`, which puts `what` into the tar stream. If it throws, the stream may end
  // inside that entry and the hashers may hold part of it: nothing may follow (the next
  // entry's digest would take in those bytes and the package would not verify).
  template <class Write>
  auto guarded(const std::string& what, Write&& write) {
    try {
      return write();
    } catch (const std::exception& e) {
      failure =
          "the package cannot be finished: writing '" + what + "' failed part way: " + e.what();
      throw;
    } catch (...) {
      failure = "the package cannot be finished: writing '" + what + "' failed part way";
      throw;
    }
  }

  EntryMeta internal_meta(std::string name, uint64_t size) {
    EntryMeta m;
    m.name = std::move(name);
    m.size = size;
    m.mode = 0644;
    int64_t now = clock.now_ns();
    m.mtime = Timestamp{now / 1'000'000'000, static_cast<int32_t>(now % 1'000'000'000)};
    return m;
  }

  void completed(const EntryMeta& meta, uint64_t size, const Digests& d, EntryStatus status) {
    pending.push_back({meta.name, meta.type, size, d, status});
    ++entries;
    bool by_size = payload - payload_at_checkpoint >= opt.checkpoint_bytes;
    bool by_time = clock.monotonic_ns() - checkpoint_time >= opt.checkpoint_interval_ns;
    if (by_size || by_time) write_checkpoint(false);
  }

  void write_checkpoint(bool final) {
    if (!final && pending.empty()) return;
    CheckpointRecord r;
    r.sequence = ++checkpoint_seq;
    r.final = final;
    r.prev_sha256 = prev_checkpoint_sha256;
    r.time_utc = utc_iso(clock.now_ns());
    r.entries_total = entries;
    r.items = std::move(pending);
    pending.clear();
    std::string text = serialize_checkpoint(r);
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    tar->begin(internal_meta(checkpoint_name(r.sequence), text.size()), {});
    tar->data(bytes);
    tar->end();
    prev_checkpoint_sha256 = to_hex(sha256(bytes));
    if (!final) {
      encoder->end_frame_and_seal();
      sealer->mark();  // syncs once written, after the previous checkpoint's sync finished
    }
    payload_at_checkpoint = payload;
    checkpoint_time = clock.monotonic_ns();
  }

  EntryResult store(ByteSource& src, const EntryMeta& meta, const DataObserver& observer) {
    require_open();
    return guarded(meta.name, [&] {
      EntryResult r;
      r.name = meta.name;
      r.size = meta.size;
      if (meta.size <= whole_entry_max())
        store_buffered(src, meta, observer, r);
      else
        store_streamed(src, meta, observer, r);
      completed(meta, r.size, r.digests, r.status);
      return r;
    });
  }

  // Small entries: read whole (plus one byte to notice growth), then header with digests, data.
  void store_buffered(ByteSource& src, const EntryMeta& meta, const DataObserver& observer,
                      EntryResult& r) {
    std::span<const uint8_t> data =
        read_whole(src, meta, {buffer.data(), buffer.size()}, hasher, r);
    write_whole(meta, data, r, observer);
  }

  void write_whole(const EntryMeta& meta, std::span<const uint8_t> data, const EntryResult& r,
                   const DataObserver& observer) {
    tar->begin(meta, digest_extras(r.digests, r.status));
    tar->data(data);
    tar->end();
    if (observer) observer(0, data, true);
  }

  // Large entries: header first (digests follow in the next checkpoint), then blocks. The
  // buffer is a ring of blocks: each is read and compressed here while the hash pipe hashes
  // the ones before it, so SHA-256 and zstd run side by side and a hiccup in one does not stall
  // the other at once.
  void store_streamed(ByteSource& src, const EntryMeta& meta, const DataObserver& observer,
                      EntryResult& r) {
    tar->begin(meta, {});
    const std::size_t block_bytes = std::min(buffer.size() / 2, kStreamBlock);
    std::vector<uint64_t> ticket(std::min<std::size_t>(buffer.size() / block_bytes, kStreamRing),
                                 0);
    struct Drain {  // on every way out: no block of this entry is still being hashed
      HashPipe& pipe;
      ~Drain() {
        try {
          pipe.wait_all();
        } catch (...) {
        }
      }
    } drain{*hash_pipe};
    uint64_t done = 0, read_total = 0;
    bool source_ended = false;
    for (std::size_t slot = 0; done < meta.size; slot = (slot + 1) % ticket.size()) {
      hash_pipe->wait(ticket[slot]);
      uint8_t* block_data = buffer.data() + slot * block_bytes;
      std::size_t block =
          static_cast<std::size_t>(std::min<uint64_t>(block_bytes, meta.size - done));
      std::size_t n = 0;
      if (!source_ended) {
        while (n < block) {
          std::size_t k = read_some(src, {block_data + n, block - n}, r.read_errno);
          if (k == 0) {
            source_ended = true;
            break;
          }
          n += k;
        }
      }
      read_total += n;
      if (n < block) std::memset(block_data + n, 0, block - n);
      std::span<const uint8_t> data(block_data, block);
      ticket[slot] = hash_pipe->submit(data);
      tar->data(data);
      if (observer) observer(done, data, false);
      done += block;
    }
    tar->end();
    if (!source_ended && r.read_errno == 0) {
      uint8_t probe = 0;
      read_total += read_some(src, {&probe, 1}, r.read_errno);
    }
    classify(meta, read_total, r);
    hash_pipe->wait_all();
    r.digests = hasher.finish();
  }
};

PackageWriter::PackageWriter(ByteSink& out, WriterOptions options)
    : impl_(std::make_unique<Impl>(out, std::move(options))) {
  impl_->start();
}

PackageWriter::~PackageWriter() = default;

EntryResult PackageWriter::add_file(int fd, const EntryMeta& meta, const DataObserver& observer) {
  FdSource src(fd, meta.name);
  return impl_->store(src, meta, observer);
}

EntryResult PackageWriter::add_stream(ByteSource& source, const EntryMeta& meta,
                                      const DataObserver& observer) {
  return impl_->store(source, meta, observer);
}

EntryResult PackageWriter::add_prepared(const PreparedEntry& entry, const DataObserver& observer) {
  Impl& w = *impl_;
  w.require_open();
  if (entry.data.size() != entry.meta.size)
    fail(ErrorClass::usage, "prepared entry '" + entry.meta.name + "' does not hold its size");
  return w.guarded(entry.meta.name, [&] {
    w.write_whole(entry.meta, entry.data, entry.result, observer);
    w.completed(entry.meta, entry.result.size, entry.result.digests, entry.result.status);
    return entry.result;
  });
}

EntryResult PackageWriter::add_bytes(const EntryMeta& meta, std::span<const uint8_t> data) {
  EntryMeta m = meta;
  m.type = EntryType::file;
  m.size = data.size();
  MemorySource src(data);
  return impl_->store(src, m, {});
}

EntryResult PackageWriter::add_text(const EntryMeta& meta, std::string_view text) {
  return add_bytes(meta, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

void PackageWriter::add_symlink(const EntryMeta& meta) {
  Impl& w = *impl_;
  w.require_open();
  EntryMeta m = meta;
  m.type = EntryType::symlink;
  m.size = 0;
  w.guarded(m.name, [&] {
    Digests d = w.hasher.finish();  // digest of no bytes
    w.tar->begin(m, digest_extras(d, EntryStatus::complete));
    w.tar->end();
    w.completed(m, 0, d, EntryStatus::complete);
  });
}

void PackageWriter::checkpoint() {
  impl_->require_open();
  impl_->guarded("a checkpoint", [&] { impl_->write_checkpoint(false); });
}

FinishResult PackageWriter::finish() {
  Impl& w = *impl_;
  w.require_open();
  return w.guarded("the final manifest", [&] {
    w.write_checkpoint(true);
    FinishResult result;
    result.manifest_sha256 = w.prev_checkpoint_sha256;
    if (w.opt.signing_key) {
      auto msg = signed_message(result.manifest_sha256);
      auto sig = ed25519_sign(*w.opt.signing_key, msg);
      const auto& pub = w.opt.signing_key->public_key;
      std::string text = std::string("{\"alg\":\"ed25519\",\"public_key\":\"") + to_hex(pub) +
                         "\",\"key_id\":\"" + key_id(pub) + "\",\"manifest_sha256\":\"" +
                         result.manifest_sha256 + "\",\"signature\":\"" + to_hex(sig) + "\"}\n";
      w.tar->begin(w.internal_meta(std::string(kSignatureName), text.size()), {});
      w.tar->data(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
      w.tar->end();
    }
    w.tar->close();
    w.encoder->end_frame_for_finish();
    w.sealer->finish();
    if (w.syncer) w.syncer->wait();
    w.sink.sync();
    w.finished = true;
    w.package_hash->wait_all();
    if (!from_hex(w.package_hasher.finish().sha256, result.package_sha256))
      fail(ErrorClass::usage, "internal: package digest");
    result.package_bytes = w.package_bytes();
    result.entries = w.entries;
    return result;
  });
}

uint64_t PackageWriter::payload_bytes() const {
  return impl_->payload;
}
uint64_t PackageWriter::whole_entry_max() const {
  return impl_->whole_entry_max();
}
uint64_t PackageWriter::package_bytes() const {
  return impl_->package_bytes();
}
bool PackageWriter::failed() const {
  return !impl_->failure.empty();
}

}  // namespace ppc
