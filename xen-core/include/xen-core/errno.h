/* Error numbers of the Xen ABI (the same values as Linux's), from xen/errno.h. */
#ifndef XEN_CORE_ERRNO_H
#define XEN_CORE_ERRNO_H

#define XEN_ERRNO(name, value) name = value,
enum {
#include <xen/errno.h>
};

#endif
