/*
 * xen_version and vm_assist: what the hypervisor is and what it offers.
 * The features bitmap follows Xen 4.17 for 64-bit PV guests.
 */
#include <xen-core/hypercall.h>
#include <xen-core/console.h>
#include <xen-core/guest_access.h>
#include <xen-core/version.h>

extern struct boot_info boot_info;
extern const char __note_build_id_start[], __note_build_id_end[];

/* The linker's GNU build-id note: namesz, descsz, type, "GNU\0", id. */
static long copy_build_id(unsigned long arg)
{
	const uint32_t *note = (const uint32_t *)__note_build_id_start;
	struct xen_build_id hdr;
	uint32_t len;

	if (__note_build_id_end - __note_build_id_start < 16)
		return -ENODATA;
	len = note[1];
	if (!arg)
		return len;
	if (copy_from_guest(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.len < len)
		return -ENOBUFS;
	if (copy_to_guest(arg + sizeof(hdr), __note_build_id_start + 16, len))
		return -EFAULT;
	return len;
}

static uint32_t pv_features(const struct domain *d)
{
	uint32_t f = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
		     (1U << XENFEAT_highmem_assist) |
		     (1U << XENFEAT_gnttab_map_avail_bits) |
		     (1U << XENFEAT_memory_op_vnode_supported) |
		     (1U << XENFEAT_direct_mapped);

	if (d->vm_assist & (1ULL << VMASST_TYPE_writable_pagetables))
		f |= 1U << XENFEAT_writable_page_tables;
	if (d->is_privileged)
		f |= 1U << XENFEAT_dom0;
	return f;
}

static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
	char buf[1024];

	memset(buf, 0, sizeof(buf));
	strlcpy(buf, s, MIN(size, sizeof(buf)));
	return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

long do_xen_version(int cmd, unsigned long arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case XENVER_version:
		return (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
	case XENVER_extraversion:
		return copy_string_out(arg, XEN_CORE_EXTRAVERSION,
				       sizeof(xen_extraversion_t));
	case XENVER_compile_info: {
		struct xen_compile_info ci;

		memset(&ci, 0, sizeof(ci));
		strlcpy(ci.compiler, "gcc " __VERSION__, sizeof(ci.compiler));
		strlcpy(ci.compile_by, "xen-core", sizeof(ci.compile_by));
		strlcpy(ci.compile_domain, "localdomain", sizeof(ci.compile_domain));
		strlcpy(ci.compile_date, __DATE__ " " __TIME__,
			sizeof(ci.compile_date));
		return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
	}
	case XENVER_capabilities:
		return copy_string_out(arg, "xen-3.0-x86_64",
				       sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return copy_string_out(arg, XEN_CORE_CHANGESET,
				       sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters: {
		struct xen_platform_parameters pp = {
			.virt_start = 0xffff800000000000UL,
		};

		return copy_to_guest(arg, &pp, sizeof(pp)) ? -EFAULT : 0;
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(&fi, arg, sizeof(fi)))
			return -EFAULT;
		fi.submap = fi.submap_idx == 0 ? pv_features(d) : 0;
		if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
			return -EINVAL;
		return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
	}
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_guest_handle:
		return copy_to_guest(arg, d->handle, sizeof(d->handle)) ?
		       -EFAULT : 0;
	case XENVER_commandline:
		if (!d->is_privileged)
			return -EPERM;
		return copy_string_out(arg, boot_info.cmdline,
				       sizeof(xen_commandline_t));
	case XENVER_build_id:
		return copy_build_id(arg);
	}
	return hypercall_unimplemented(__HYPERVISOR_xen_version, cmd);
}

long do_vm_assist(unsigned int cmd, unsigned int type)
{
	if (type >= 64 || !(PV_VM_ASSIST_MASK & (1ULL << type)))
		return -EINVAL;
	if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
		return hypercall_unimplemented(__HYPERVISOR_vm_assist, cmd);
	if (cmd == VMASST_CMD_enable)
		current->domain->vm_assist |= 1ULL << type;
	else
		current->domain->vm_assist &= ~(1ULL << type);
	return 0;
}
