/* The Xen 4.17 public interface, from Debian's libxen-dev. */
#ifndef XEN_CORE_PUBLIC_H
#define XEN_CORE_PUBLIC_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/features.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/platform.h>
#include <xen/sched.h>
#include <xen/sysctl.h>
#include <xen/domctl.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/elfnote.h>

#endif
