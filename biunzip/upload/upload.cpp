// The upload loop: per object, look at what the store already holds, send what is missing
// (continuing a partial SFTP file), then read the object back and compare SHA-256.
#include "biunzip/upload.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "upload_stores.hpp"

namespace biunzip {

std::unique_ptr<ObjectStore> make_object_store(const UploadTarget& target,
                                               const UploadSettings& settings) {
  switch (target.kind) {
    case UploadTarget::Kind::s3:
      return upload_detail::make_s3_store(target, settings);
    case UploadTarget::Kind::azure:
      return upload_detail::make_azure_store(target, settings);
    case UploadTarget::Kind::sftp:
      break;
  }
  return upload_detail::make_sftp_store(target, settings);
}

namespace {

std::string hex(const std::array<uint8_t, 32>& d) {
  return ppc::to_hex(d);
}

// One object: returns a warning ("" when none). Throws on failure.
std::string upload_one(ObjectStore& store, UploadObject& o, const SentFn& sent) {
  std::string warning;
  std::optional<uint64_t> remote = store.size(o.name);
  uint64_t offset = 0;
  if (remote && *remote == o.size) {
    std::array<uint8_t, 32> d = store.read_back_sha256(o.name);
    if (d == o.sha256) {
      o.outcome = "present";
      if (sent) sent(o.size);
      return {};
    }
    warning = store.display(o.name) + ": remote SHA-256 " + hex(d) + " differs from " +
              hex(o.sha256) + "; uploading it again";
    o.outcome = "replaced";
  } else if (remote && *remote<o.size&& * remote> 0 && store.can_resume()) {
    offset = *remote;
    o.outcome = "resumed";
    if (sent) sent(offset);
  } else if (remote && *remote != 0) {
    if (*remote > o.size)
      warning = store.display(o.name) + ": remote object larger than the local file (" +
                std::to_string(*remote) + " > " + std::to_string(o.size) + "); uploading it again";
    o.outcome = "replaced";
  } else {
    o.outcome = "uploaded";
  }
  store.put(o.name, o.local, o.size, offset, sent);
  std::optional<uint64_t> after = store.size(o.name);
  if (!after || *after != o.size)
    ppc::fail(ppc::ErrorClass::manifest, store.display(o.name) + ": remote size " +
                                             (after ? std::to_string(*after) : "none") +
                                             " after the upload, want " + std::to_string(o.size));
  std::array<uint8_t, 32> d = store.read_back_sha256(o.name);
  if (d != o.sha256)
    ppc::fail(ppc::ErrorClass::manifest, store.display(o.name) + ": read back SHA-256 " + hex(d) +
                                             " differs from " + hex(o.sha256));
  return warning;
}

}  // namespace

UploadReport upload_objects(std::vector<UploadObject>& objects, const UploadTarget& target,
                            const UploadSettings& settings, int jobs, const SentFn& sent) {
  UploadReport report;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::exception_ptr first_error;
  auto worker = [&] {
    try {
      std::unique_ptr<ObjectStore> store = make_object_store(target, settings);
      for (std::size_t i = next++; i < objects.size() && !failed; i = next++) {
        std::string w = upload_one(*store, objects[i], sent);
        std::lock_guard<std::mutex> lock(mu);
        if (!w.empty()) report.warnings.push_back(w);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu);
      if (!first_error) first_error = std::current_exception();
      failed = true;
    }
  };
  std::size_t n = std::max<std::size_t>(1, std::min<std::size_t>(jobs, objects.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < n; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  if (first_error) std::rethrow_exception(first_error);
  return report;
}

}  // namespace biunzip
