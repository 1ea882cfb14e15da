/* What xen-core reports about itself through xen_version and sysctl. */
#ifndef XEN_CORE_VERSION_H
#define XEN_CORE_VERSION_H

#define XEN_ABI_MAJOR		4
#define XEN_ABI_MINOR		17
/* Shown as xen_extra: the ABI is 4.17, the hypervisor is xen-core. */
#define XEN_CORE_EXTRAVERSION	".0-xen-core"
#define XEN_CORE_VERSION	"0.1"
#ifndef XEN_CORE_CHANGESET
#define XEN_CORE_CHANGESET	"unavailable"
#endif

#endif
