#pragma once
// Opening a disk, partition, volume or image file of the live system for imaging (--image): the
// one read-only open of a block device, beside open_at's for files. The path is the examiner's
// (/dev/sda, /dev/disk/by-id/..., /dev/mapper/vg-root, an image file); symlinks are followed,
// since device names are symlinks by design, and the result is checked to be a block device or a
// regular file. Nothing is ever written: O_RDONLY, O_NOATIME where the kernel allows it.
#include <sys/types.h>

#include <cstdint>
#include <string>

#include "asset/unique_fd.hpp"

namespace collector::asset {

struct BlockSource {
  UniqueFd fd;
  bool block_device = false;  // false: a regular (image) file
  uint64_t size = 0;          // bytes (BLKGETSIZE64, or st_size)
  uint32_t logical_sector = 512;
  uint32_t physical_sector = 512;
  dev_t rdev = 0;             // the device itself (block devices only)
  dev_t dev = 0;              // the file system holding an image file (regular files only)
  std::string kernel_name;    // sda, sda1, dm-0, loop3 (block devices only)
  std::string model, serial;  // from sysfs, of the disk that holds the device; may be empty
};

// Opens `path` read-only for imaging; an empty fd and errno_out set on failure (EINVAL: neither a
// block device nor a regular file).
BlockSource open_block_source(const std::string& path, int* errno_out = nullptr);

// True when the file system holding `dir` lives on block device `rdev`: directly, on one of its
// partitions, or on a device-mapper/md volume built on it (sysfs "slaves", any depth).
bool device_holds_path(dev_t rdev, const std::string& dir);

// True when the device, or one of its partitions, is mounted (/proc/self/mountinfo).
bool device_mounted(dev_t rdev);

}  // namespace collector::asset
