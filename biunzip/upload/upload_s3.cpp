// S3 and S3-compatible stores: libcurl signs every request (CURLOPT_AWS_SIGV4); files above the
// part size go up as a multipart upload (S3 caps a single PUT at 5 GiB).
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ppc/error.hpp"
#include "upload_curl.hpp"
#include "upload_stores.hpp"

namespace biunzip::upload_detail {
namespace {

// The text of the first element called `name` in an S3 XML reply ("" when there is none).
std::string xml_element_text(const std::string& xml, const char* name) {
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "s3.xml", nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      xmlFreeDoc);
  if (!doc) return {};
  std::vector<xmlNode*> stack{xmlDocGetRootElement(doc.get())};
  while (!stack.empty()) {
    xmlNode* n = stack.back();
    stack.pop_back();
    for (; n; n = n->next) {
      if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0) {
        xmlChar* t = xmlNodeGetContent(n);
        std::string out = t ? reinterpret_cast<const char*>(t) : "";
        xmlFree(t);
        return out;
      }
      if (n->children) stack.push_back(n->children);
    }
  }
  return {};
}

class S3Store final : public ObjectStore {
 public:
  S3Store(const UploadTarget& t, const UploadSettings& s) : target_(t), settings_(s) {
    if (settings_.access_key.empty() || settings_.secret_key.empty())
      ppc::fail(ppc::ErrorClass::usage,
                "s3: no credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
    if (settings_.region.empty()) settings_.region = "us-east-1";
  }
  std::string display(const std::string& name) const override {
    return "s3://" + target_.bucket + "/" + key(name);
  }
  std::optional<uint64_t> size(const std::string& name) override {
    setup(url(name));
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
    if (size > settings_.part_size) return put_multipart(name, local, size, sent);
    put_range(url(name), local, 0, size, sent, display(name));
  }
  std::array<uint8_t, 32> read_back_sha256(const std::string& name) override {
    setup(url(name));
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
  std::string key(const std::string& name) const {
    return target_.prefix.empty() ? name : target_.prefix + "/" + name;
  }
  std::string url(const std::string& name) const {
    std::string base = settings_.endpoint.empty()
                           ? "https://s3." + settings_.region + ".amazonaws.com"
                           : settings_.endpoint;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/" + escape_path(target_.bucket) + "/" + escape_path(key(name));
  }
  void setup(const std::string& u) {
    curl_.reset();
    CURL* c = curl_.get();
    curl_easy_setopt(c, CURLOPT_URL, u.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    std::string sigv4 = "aws:amz:" + settings_.region + ":s3";
    curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.access_key.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.secret_key.c_str());
    headers_ = std::make_unique<CurlHeaders>();
    if (!settings_.session_token.empty())
      headers_->add("x-amz-security-token: " + settings_.session_token);
    // Not hashed twice: the object is verified by reading it back instead (libcurl signs it).
    headers_->add("x-amz-content-sha256: UNSIGNED-PAYLOAD");
    headers_->add("Expect:");
  }
  void send_headers() { curl_easy_setopt(curl_.get(), CURLOPT_HTTPHEADER, headers_->list); }
  static void check(const Response& r, const std::string& what) {
    if (r.status >= 200 && r.status < 300) return;
    std::string code = xml_element_text(r.body, "Code");
    ppc::fail(ppc::ErrorClass::io,
              what + ": HTTP " + std::to_string(r.status) + (code.empty() ? "" : " " + code));
  }
  // PUTs bytes [offset, offset+length) of `local` to `u`; returns the ETag.
  std::string put_range(const std::string& u, const std::string& local, uint64_t offset,
                        uint64_t length, const SentFn& sent, const std::string& what) {
    setup(u);
    send_headers();
    FileRange range(local, offset, length, &sent);
    curl_.send_body(range, length);
    Response r;
    curl_.perform(r, what);
    check(r, what);
    return r.header("ETag");
  }
  Response post(const std::string& u, const std::string& body, const std::string& what) {
    setup(u);
    send_headers();
    curl_easy_setopt(curl_.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl_.get(), CURLOPT_COPYPOSTFIELDS, body.c_str());
    Response r;
    curl_.perform(r, what);
    check(r, what);
    return r;
  }
  void put_multipart(const std::string& name, const std::string& local, uint64_t size,
                     const SentFn& sent) {
    std::string what = display(name);
    std::string id = xml_element_text(post(url(name) + "?uploads=", "", what).body, "UploadId");
    if (id.empty()) ppc::fail(ppc::ErrorClass::io, what + ": no UploadId in the reply");
    char* e = curl_easy_escape(nullptr, id.c_str(), static_cast<int>(id.size()));
    std::string upload_id = e;
    curl_free(e);
    std::string parts;
    int number = 1;
    for (uint64_t offset = 0; offset < size; offset += settings_.part_size, ++number) {
      uint64_t length = std::min(settings_.part_size, size - offset);
      std::string etag =
          put_range(url(name) + "?partNumber=" + std::to_string(number) + "&uploadId=" + upload_id,
                    local, offset, length, sent, what + " part " + std::to_string(number));
      parts += "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>" + etag +
               "</ETag></Part>";
    }
    Response done = post(url(name) + "?uploadId=" + upload_id,
                         "<CompleteMultipartUpload>" + parts + "</CompleteMultipartUpload>", what);
    // S3 may answer 200 with an error document after a long assembly.
    if (done.body.find("<Error>") != std::string::npos)
      ppc::fail(ppc::ErrorClass::io, what + ": " + xml_element_text(done.body, "Code"));
  }

  UploadTarget target_;
  UploadSettings settings_;
  Curl curl_;
  std::unique_ptr<CurlHeaders> headers_;
};

}  // namespace

std::unique_ptr<ObjectStore> make_s3_store(const UploadTarget& t, const UploadSettings& s) {
  return std::make_unique<S3Store>(t, s);
}

}  // namespace biunzip::upload_detail
