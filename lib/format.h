/*
 * printf-style formatting without a C library, shared by xen-core, MiniOS
 * (for crash-time output that must not depend on newlib's state) and the
 * tiny PV test kernels.
 *
 * Supported: %[-#0][width][.prec][l|ll|z](d i u x X p s c %); an unknown
 * conversion is printed as it is.  Returns the length the full output
 * would have; writes at most @size bytes including the terminating NUL.
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif
