// Azure Blob Storage with a SAS token (--sas-file): block blobs, one Put Blob up to the part
// size, else Put Block per part and Put Block List. The token is only ever in request URLs.
#include <openssl/evp.h>

#include <cstdio>

#include "ppc/error.hpp"
#include "upload_curl.hpp"
#include "upload_stores.hpp"

namespace biunzip::upload_detail {
namespace {

std::string block_id(int n) {
  char raw[32];
  std::snprintf(raw, sizeof raw, "block-%06d", n);
  unsigned char b64[32];
  int len = EVP_EncodeBlock(b64, reinterpret_cast<const unsigned char*>(raw), 12);
  return std::string(reinterpret_cast<char*>(b64), static_cast<std::size_t>(len));
}

class AzureStore final : public ObjectStore {
 public:
  AzureStore(const UploadTarget& t, const UploadSettings& s) : target_(t), settings_(s) {
    if (settings_.sas_token.empty())
      ppc::fail(ppc::ErrorClass::usage, "azure: no SAS token (--sas-file FILE)");
    if (settings_.sas_token.front() == '?') settings_.sas_token.erase(0, 1);
  }
  std::string display(const std::string& name) const override {
    return "azure://" + target_.bucket + "/" + target_.container + "/" + blob(name);
  }
  std::optional<uint64_t> size(const std::string& name) override {
    setup(url(name, ""));
    send_headers();
    curl_easy_setopt(curl_.get(), CURLOPT_NOBODY, 1L);
    Response r;
    curl_.perform(r, display(name));
    if (r.status == 404) return std::nullopt;
    check(r, display(name));
    return curl_.content_length(display(name));
  }
  void put(const std::string& name, const std::string& local, uint64_t size, uint64_t,
           const SentFn& sent) override {
    if (size <= settings_.part_size) {
      put_range(url(name, ""), local, 0, size, sent, display(name), true);
      return;
    }
    std::string list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
    int n = 0;
    for (uint64_t offset = 0; offset < size; offset += settings_.part_size, ++n) {
      std::string id = block_id(n);
      char* e = curl_easy_escape(nullptr, id.c_str(), static_cast<int>(id.size()));
      std::string query = "comp=block&blockid=" + std::string(e);
      curl_free(e);
      put_range(url(name, query), local, offset, std::min(settings_.part_size, size - offset), sent,
                display(name) + " block " + std::to_string(n), false);
      list += "<Latest>" + id + "</Latest>";
    }
    list += "</BlockList>";
    setup(url(name, "comp=blocklist"));
    headers_->add("Content-Type: application/xml");
    send_headers();
    curl_easy_setopt(curl_.get(), CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(curl_.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(list.size()));
    curl_easy_setopt(curl_.get(), CURLOPT_COPYPOSTFIELDS, list.c_str());
    Response r;
    curl_.perform(r, display(name));
    check(r, display(name));
  }
  std::array<uint8_t, 32> read_back_sha256(const std::string& name) override {
    setup(url(name, ""));
    send_headers();
    Response r;
    r.hash_body = true;
    curl_.perform(r, display(name));
    check(r, display(name));
    std::array<uint8_t, 32> out{};
    ppc::from_hex(r.hasher.finish().sha256, out);
    return out;
  }

 private:
  std::string blob(const std::string& name) const {
    return target_.prefix.empty() ? name : target_.prefix + "/" + name;
  }
  // The endpoint of an emulator (Azurite) names the account in the path.
  std::string url(const std::string& name, const std::string& query) const {
    std::string base = settings_.endpoint.empty()
                           ? "https://" + target_.bucket + ".blob.core.windows.net"
                           : settings_.endpoint + "/" + target_.bucket;
    while (base.size() > 1 && base.back() == '/' && settings_.endpoint.empty()) base.pop_back();
    return base + "/" + escape_path(target_.container) + "/" + escape_path(blob(name)) + "?" +
           (query.empty() ? "" : query + "&") + settings_.sas_token;
  }
  void setup(const std::string& u) {
    curl_.reset();
    curl_easy_setopt(curl_.get(), CURLOPT_URL, u.c_str());
    curl_easy_setopt(curl_.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    headers_ = std::make_unique<CurlHeaders>();
    headers_->add("x-ms-version: 2021-08-06");
    headers_->add("Expect:");
  }
  void send_headers() { curl_easy_setopt(curl_.get(), CURLOPT_HTTPHEADER, headers_->list); }
  static void check(const Response& r, const std::string& what) {
    if (r.status >= 200 && r.status < 300) return;
    ppc::fail(ppc::ErrorClass::io, what + ": HTTP " + std::to_string(r.status));
  }
  void put_range(const std::string& u, const std::string& local, uint64_t offset, uint64_t length,
                 const SentFn& sent, const std::string& what, bool whole_blob) {
    setup(u);
    if (whole_blob) headers_->add("x-ms-blob-type: BlockBlob");
    send_headers();
    FileRange range(local, offset, length, &sent);
    curl_.send_body(range, length);
    Response r;
    curl_.perform(r, what);
    check(r, what);
  }

  UploadTarget target_;
  UploadSettings settings_;
  Curl curl_;
  std::unique_ptr<CurlHeaders> headers_;
};

}  // namespace

std::unique_ptr<ObjectStore> make_azure_store(const UploadTarget& t, const UploadSettings& s) {
  return std::make_unique<AzureStore>(t, s);
}

}  // namespace biunzip::upload_detail
