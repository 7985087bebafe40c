// A FUSE file system for tests/faults/image_read_errors.sh: serves one read-only file, "disk",
// whose bytes are those of a backing file except that any read touching one of the chosen
// sectors fails with EIO, as a disk with unreadable sectors does. Direct I/O, so every read
// the imager issues reaches us at its own offset and size.
//
//   eio_fuse BACKING SECTOR_SIZE FIRST-LAST[,FIRST-LAST...] MOUNTPOINT -f
#define FUSE_USE_VERSION 31
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int backing_fd = -1;
static off_t backing_size;
static long sector_size;
static long long bad_first[64], bad_last[64];
static int bad_count;

static int fs_getattr(const char* path, struct stat* st, struct fuse_file_info* fi) {
  (void)fi;
  memset(st, 0, sizeof *st);
  if (strcmp(path, "/") == 0) {
    st->st_mode = S_IFDIR | 0555;
    st->st_nlink = 2;
    return 0;
  }
  if (strcmp(path, "/disk") != 0) return -ENOENT;
  st->st_mode = S_IFREG | 0444;
  st->st_nlink = 1;
  st->st_size = backing_size;
  return 0;
}

static int fs_readdir(const char* path, void* buf, fuse_fill_dir_t fill, off_t off,
                      struct fuse_file_info* fi, enum fuse_readdir_flags flags) {
  (void)off, (void)fi, (void)flags;
  if (strcmp(path, "/") != 0) return -ENOENT;
  fill(buf, ".", NULL, 0, 0);
  fill(buf, "..", NULL, 0, 0);
  fill(buf, "disk", NULL, 0, 0);
  return 0;
}

static int fs_open(const char* path, struct fuse_file_info* fi) {
  if (strcmp(path, "/disk") != 0) return -ENOENT;
  if ((fi->flags & O_ACCMODE) != O_RDONLY) return -EROFS;
  fi->direct_io = 1;
  return 0;
}

static int fs_read(const char* path, char* buf, size_t size, off_t off, struct fuse_file_info* fi) {
  (void)path, (void)fi;
  if (size == 0 || off >= backing_size) return 0;
  long long first = off / sector_size, last = (off + (off_t)size - 1) / sector_size;
  for (int i = 0; i < bad_count; ++i)
    if (first <= bad_last[i] && bad_first[i] <= last) return -EIO;
  ssize_t n = pread(backing_fd, buf, size, off);
  return n < 0 ? -errno : (int)n;
}

static const struct fuse_operations ops = {
    .getattr = fs_getattr, .readdir = fs_readdir, .open = fs_open, .read = fs_read};

int main(int argc, char* argv[]) {
  if (argc < 5) {
    fprintf(stderr, "usage: eio_fuse BACKING SECTOR_SIZE FIRST-LAST[,...] MOUNTPOINT [-f]\n");
    return 2;
  }
  backing_fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (backing_fd < 0 || fstat(backing_fd, &st) != 0) return perror(argv[1]), 1;
  backing_size = st.st_size;
  sector_size = atol(argv[2]);
  for (char* p = argv[3]; *p && bad_count < 64;) {
    char* end;
    bad_first[bad_count] = strtoll(p, &end, 10);
    bad_last[bad_count] = *end == '-' ? strtoll(end + 1, &end, 10) : bad_first[bad_count];
    ++bad_count;
    p = *end == ',' ? end + 1 : end;
  }
  char* fargs[8] = {argv[0], argv[4]};
  int n = 2;
  for (int i = 5; i < argc && n < 7; ++i) fargs[n++] = argv[i];
  return fuse_main(n, fargs, &ops, NULL);
}
