#pragma once
// The object stores behind make_object_store (internal).
#include <memory>

#include "biunzip/upload.hpp"

namespace biunzip::upload_detail {

std::unique_ptr<ObjectStore> make_sftp_store(const UploadTarget& t, const UploadSettings& s);
std::unique_ptr<ObjectStore> make_s3_store(const UploadTarget& t, const UploadSettings& s);
std::unique_ptr<ObjectStore> make_azure_store(const UploadTarget& t, const UploadSettings& s);

}  // namespace biunzip::upload_detail
