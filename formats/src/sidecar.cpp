// Sidecars: the .sha256 line `sha256sum -c` checks, and RFC 3161 timestamp requests/responses
// (OpenSSL TS API). Nothing here is secret.
#include "ppc/sidecar.hpp"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "openssl_handles.hpp"
#include "ppc/environment.hpp"
#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "ppc/io.hpp"

namespace ppc {
namespace {

// --- sha256sum text format ---------------------------------------------------------------------
// GNU coreutils: "<hex>  <name>\n"; a name holding '\' or a newline is escaped (\\ and \n) and
// the line then starts with a backslash.

std::string escape_name(const std::string& name, bool& escaped) {
  std::string out;
  escaped = false;
  for (char c : name) {
    if (c == '\\' || c == '\n') {
      escaped = true;
      out += c == '\\' ? "\\\\" : "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape_name(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\' && i + 1 < name.size()) {
      ++i;
      out += name[i] == 'n' ? '\n' : name[i];
    } else {
      out += name[i];
    }
  }
  return out;
}

bool is_sha256_hex(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A sidecar made with `sha256sum dir/x.ppc` names the path; the package may have moved since.
bool names_match(const std::string& listed, const std::string& wanted) {
  if (listed == wanted) return true;
  std::size_t slash = listed.rfind('/');
  return slash != std::string::npos && listed.compare(slash + 1, std::string::npos, wanted) == 0;
}

// One line in either the default format or BSD tag format ("SHA256 (name) = hex"). Sets hex
// and name, or returns false when the line is neither.
bool parse_line(std::string_view line, std::string& hex, std::string& name) {
  bool escaped = !line.empty() && line.front() == '\\';
  if (escaped) line.remove_prefix(1);
  constexpr std::string_view tag = "SHA256 (";
  if (line.substr(0, tag.size()) == tag) {
    std::size_t close = line.rfind(") = ");
    if (close == std::string_view::npos || close < tag.size()) return false;
    hex = std::string(line.substr(close + 4));
    name = std::string(line.substr(tag.size(), close - tag.size()));
  } else {
    // "<64 hex><space><space or *><name>"; '*' marks binary mode, meaningless on Linux.
    if (line.size() < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) return false;
    hex = std::string(line.substr(0, 64));
    name = std::string(line.substr(66));
  }
  if (escaped) name = unescape_name(name);
  return is_sha256_hex(hex);
}

}  // namespace

std::string sha256sum_line(const std::array<uint8_t, 32>& digest, const std::string& file_name) {
  bool escaped = false;
  std::string name = escape_name(file_name, escaped);
  return (escaped ? "\\" : "") + to_hex(digest) + "  " + name + "\n";
}

std::string parse_sha256sum(const std::string& text, const std::string& file_name) {
  std::string_view rest = text;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // edited on Windows
    std::string hex, name;
    if (parse_line(line, hex, name) && names_match(name, file_name)) return lower(hex);
  }
  return {};
}

// --- RFC 3161 timestamps ----------------------------------------------------------------------
namespace {

using TsReq = std::unique_ptr<TS_REQ, detail::Deleter<TS_REQ_free>>;
using TsResp = std::unique_ptr<TS_RESP, detail::Deleter<TS_RESP_free>>;
using TsMsgImprint = std::unique_ptr<TS_MSG_IMPRINT, detail::Deleter<TS_MSG_IMPRINT_free>>;
using TsVerifyCtx = std::unique_ptr<TS_VERIFY_CTX, detail::Deleter<TS_VERIFY_CTX_free>>;
using Algor = std::unique_ptr<X509_ALGOR, detail::Deleter<X509_ALGOR_free>>;
using Bignum = std::unique_ptr<BIGNUM, detail::Deleter<BN_free>>;
using Asn1Integer = std::unique_ptr<ASN1_INTEGER, detail::Deleter<ASN1_INTEGER_free>>;
using Store = std::unique_ptr<X509_STORE, detail::Deleter<X509_STORE_free>>;

// Drains OpenSSL's error queue into one line (with the verifier's added text, e.g. "Verify
// error:certificate has expired").
std::string openssl_errors() {
  std::string out;
  const char* data = nullptr;
  int flags = 0;
  while (unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
    if ((flags & ERR_TXT_STRING) && data != nullptr && *data != '\0')
      out += std::string(" (") + data + ")";
  }
  return out;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

// The TSA's name as the token states it, else the signing certificate's subject.
std::string tsa_name_of(TS_RESP* resp, TS_TST_INFO* info) {
  detail::Bio bio(BIO_new(BIO_s_mem()));
  if (!bio) return {};
  if (GENERAL_NAME* gn = TS_TST_INFO_get_tsa(info)) {
    GENERAL_NAME_print(bio.get(), gn);
    return bio_text(bio.get());
  }
  PKCS7* token = TS_RESP_get_token(resp);
  if (token == nullptr || !PKCS7_type_is_signed(token)) return {};
  STACK_OF(X509)* signers = PKCS7_get0_signers(token, nullptr, 0);
  if (signers != nullptr && sk_X509_num(signers) > 0)
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(sk_X509_value(signers, 0)), 0,
                       XN_FLAG_RFC2253);
  sk_X509_free(signers);  // the certificates themselves belong to the token
  ERR_clear_error();
  return bio_text(bio.get());
}

bool imprint_matches(TS_RESP* resp, TS_TST_INFO* info, const std::array<uint8_t, 32>& digest,
                     std::string& detail) {
  const ASN1_OBJECT* algorithm = nullptr;
  X509_ALGOR_get0(&algorithm, nullptr, nullptr,
                  TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(info)));
  if (OBJ_obj2nid(algorithm) != NID_sha256) {
    detail = "the response's message imprint is not SHA-256";
    return false;
  }
  TsVerifyCtx ctx(TS_VERIFY_CTX_new());
  if (!ctx) fail_openssl("TS verify context");
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_IMPRINT);
  // The context takes ownership of the copy.
  auto* copy = static_cast<unsigned char*>(OPENSSL_memdup(digest.data(), digest.size()));
  TS_VERIFY_CTX_set_imprint(ctx.get(), copy, static_cast<long>(digest.size()));
  if (TS_RESP_verify_response(ctx.get(), resp) == 1) return true;
  detail = "imprint: " + openssl_errors();
  return false;
}

// Trust anchors: the CA file, or else the response's own certificates (partial chains allowed),
// which checks the signature and the ESS certificate binding but says nothing about who the TSA
// is. Certificates are checked as of the TSA's stated time, since packages are verified long
// after the TSA certificate may have expired.
Store make_store(TS_RESP* resp, const std::string& ca_file, time_t at, std::string& detail) {
  Store store(X509_STORE_new());
  if (!store) fail_openssl("X509 store");
  if (!ca_file.empty()) {
    if (X509_STORE_load_file(store.get(), ca_file.c_str()) != 1) {
      detail = "cannot load CA file " + ca_file + ": " + openssl_errors();
      return nullptr;
    }
  } else {
    PKCS7* token = TS_RESP_get_token(resp);
    STACK_OF(X509)* certs =
        token != nullptr && PKCS7_type_is_signed(token) ? token->d.sign->cert : nullptr;
    for (int i = 0; i < sk_X509_num(certs); ++i)
      X509_STORE_add_cert(store.get(), sk_X509_value(certs, i));
    X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN);
  }
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), at);
  return store;
}

bool signature_ok(TS_RESP* resp, const std::string& ca_file, time_t at, std::string& detail) {
  std::string store_problem;
  Store store = make_store(resp, ca_file, at, store_problem);
  if (!store) {
    detail += (detail.empty() ? "" : "; ") + store_problem;
    return false;
  }
  TsVerifyCtx ctx(TS_VERIFY_CTX_new());
  if (!ctx) fail_openssl("TS verify context");
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_SIGNATURE);
  // OpenSSL 3.0: the context takes ownership of the store (freed by TS_VERIFY_CTX_free).
  TS_VERIFY_CTX_set_store(ctx.get(), store.release());
  if (TS_RESP_verify_response(ctx.get(), resp) == 1) return true;
  detail += (detail.empty() ? "signature: " : "; signature: ") + openssl_errors();
  return false;
}

}  // namespace

std::vector<uint8_t> make_timestamp_request(const std::array<uint8_t, 32>& package_sha256) {
  TsReq req(TS_REQ_new());
  TsMsgImprint imprint(TS_MSG_IMPRINT_new());
  Algor algo(X509_ALGOR_new());
  std::array<uint8_t, 8> nonce_bytes{};
  system_random().fill(nonce_bytes);  // lets a client match reply to request; not secret
  Bignum nonce_bn(BN_bin2bn(nonce_bytes.data(), nonce_bytes.size(), nullptr));
  Asn1Integer nonce(nonce_bn ? BN_to_ASN1_INTEGER(nonce_bn.get(), nullptr) : nullptr);
  // The setters below copy their argument; the RAII owners above free the originals.
  if (!req || !imprint || !algo || !nonce ||
      X509_ALGOR_set0(algo.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) != 1 ||
      TS_MSG_IMPRINT_set_algo(imprint.get(), algo.get()) != 1 ||
      TS_MSG_IMPRINT_set_msg(imprint.get(), const_cast<uint8_t*>(package_sha256.data()),
                             package_sha256.size()) != 1 ||
      TS_REQ_set_version(req.get(), 1) != 1 ||
      TS_REQ_set_msg_imprint(req.get(), imprint.get()) != 1 ||
      TS_REQ_set_nonce(req.get(), nonce.get()) != 1 || TS_REQ_set_cert_req(req.get(), 1) != 1)
    fail_openssl("timestamp request");
  int len = i2d_TS_REQ(req.get(), nullptr);
  if (len <= 0) fail_openssl("timestamp request encoding");
  std::vector<uint8_t> der(static_cast<std::size_t>(len));
  unsigned char* out = der.data();
  if (i2d_TS_REQ(req.get(), &out) != len) fail_openssl("timestamp request encoding");
  return der;
}

TimestampCheck verify_timestamp_response(const std::vector<uint8_t>& tsr,
                                         const std::array<uint8_t, 32>& package_sha256,
                                         const std::string& ca_file) {
  TimestampCheck check;
  const unsigned char* p = tsr.data();
  TsResp resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(tsr.size())));
  if (!resp) {
    check.detail = "not a DER TimeStampResp: " + openssl_errors();
    return check;
  }
  TS_TST_INFO* info = TS_RESP_get_tst_info(resp.get());
  if (info == nullptr) {  // the TSA refused (status rejection/waiting/...): no token at all
    long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp.get())));
    check.detail =
        "the response carries no timestamp token (PKIStatus " + std::to_string(status) + ")";
    return check;
  }
  const ASN1_GENERALIZEDTIME* gen_time = TS_TST_INFO_get_time(info);
  check.gen_time.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gen_time)),
                        static_cast<std::size_t>(ASN1_STRING_length(gen_time)));
  check.tsa_name = tsa_name_of(resp.get(), info);
  std::tm tm{};
  time_t at = ASN1_TIME_to_tm(gen_time, &tm) == 1 ? timegm(&tm) : time(nullptr);
  check.imprint_matches = imprint_matches(resp.get(), info, package_sha256, check.detail);
  check.signature_ok = signature_ok(resp.get(), ca_file, at, check.detail);
  ERR_clear_error();
  return check;
}

std::string run_log_path(const std::string& package_path) {
  std::string base = package_path;
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".ppc") == 0)
    base.resize(base.size() - 4);
  return base + ".log";
}

void write_sidecars(const std::string& package_path, const FinishResult& finished,
                    const CustodyRecord& custody, int exit_code,
                    const std::vector<VolumeInfo>& volumes) {
  auto bytes = [](const std::string& s) {
    return std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  std::string name = package_path.substr(package_path.find_last_of('/') + 1);
  bool split = volumes.size() > 1;
  std::string sums;
  nlohmann::json volume_list = nlohmann::json::array();
  for (const VolumeInfo& v : volumes) {
    std::string vname = v.path.substr(v.path.find_last_of('/') + 1);
    sums += sha256sum_line(v.sha256, vname);
    volume_list.push_back({{"file", vname}, {"bytes", v.bytes}, {"sha256", to_hex(v.sha256)}});
  }
  if (!split) sums = sha256sum_line(finished.package_sha256, name);
  write_file(package_path + ".sha256", bytes(sums));
  write_file(package_path + ".tsq", make_timestamp_request(finished.package_sha256));
  nlohmann::json tool =
      nlohmann::json::parse(custody.tool_json.empty() ? "{}" : custody.tool_json, nullptr, false);
  if (!tool.is_object()) tool = nlohmann::json::object();
  nlohmann::json log = {{"case_id", custody.case_info.case_id},
                        {"package", name},
                        {"package_sha256", to_hex(finished.package_sha256)},
                        {"package_bytes", finished.package_bytes},
                        {"started_utc", custody.started_utc},
                        {"ended_utc", custody.ended_utc},
                        {"collector_version", tool.value("version", "")},
                        {"collector_commit", tool.value("commit", "")},
                        {"collector_sha256", tool.value("sha256", "")},
                        {"examiner", custody.case_info.examiner},
                        {"counts", nlohmann::json::parse(custody_counts_json(custody.counts))},
                        {"interrupted", custody.interrupted},
                        {"stopped_early", custody.stopped_early},
                        {"exit_code", exit_code}};
  if (split) log["volumes"] = volume_list;
  write_file(run_log_path(package_path),
             bytes(log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
}

}  // namespace ppc
