/*
 * e2fsprogs' config.h for libext2fs inside the toolstack domain (MiniOS
 * with newlib), written by hand instead of by its configure script, which
 * cannot run programs for this target.  Only what newlib and MiniOS
 * really provide is claimed; everything else takes e2fsprogs' own
 * fallback.  x86-64: little-endian, LP64.
 */
#define HAVE_UNISTD_H 1
#define HAVE_STDLIB_H 1
#define HAVE_ERRNO_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_UTIME_H 1
#define HAVE_STRDUP 1
#define HAVE_STRNLEN 1
#define HAVE_TYPE_SSIZE_T 1
#define HAVE_MEMALIGN 1

#define SIZEOF_SHORT 2
#define SIZEOF_INT 4
#define SIZEOF_LONG 8
#define SIZEOF_LONG_LONG 8
#define SIZEOF_OFF_T 8
#define SIZEOF_TIME_T 8

/* No multi-mount protection (mmp.c then only says so), no tdb (the undo
 * file).  newlib declares posix_memalign but has memalign only. */
#undef CONFIG_MMP
#undef CONFIG_TDB
