#include "biunzip/timestamp_check.hpp"

#include "biunzip/text.hpp"
#include "ppc/io.hpp"
#include "ppc/sidecar.hpp"

namespace biunzip {

Check timestamp_check(const std::string& tsr_path, const std::array<uint8_t, 32>& sha256,
                      const std::string& ca_file) {
  Check c{"timestamp", Check::State::fail, "", ppc::ErrorClass::timestamp};
  try {
    ppc::TimestampCheck t =
        ppc::verify_timestamp_response(ppc::read_file(tsr_path), sha256, ca_file);
    std::string who = " (TSA " + printable(t.tsa_name.empty() ? "unnamed" : t.tsa_name) +
                      ", time " + printable(t.gen_time) + ")";
    if (t.gen_time.empty()) {  // no token was found: nothing was compared
      c.detail =
          printable(tsr_path) + " cannot be parsed as an RFC 3161 response: " + printable(t.detail);
    } else if (!t.imprint_matches) {
      c.detail = printable(tsr_path) + " covers a different digest" + who;
    } else if (!t.signature_ok) {
      c.detail =
          printable(tsr_path) + ": TSA signature does not verify: " + printable(t.detail) + who;
    } else {
      std::string trust = ca_file.empty() ? "; TSA certificate not checked against a CA (--ca-file)"
                                          : "; TSA certificate chains to --ca-file";
      c = {"timestamp", Check::State::ok, printable(tsr_path) + " matches" + who + trust,
           std::nullopt};
    }
  } catch (const ppc::Error& e) {
    c.detail = printable(e.what());
    if (e.error_class() == ppc::ErrorClass::io) c.error_class = ppc::ErrorClass::io;
  }
  return c;
}

}  // namespace biunzip
