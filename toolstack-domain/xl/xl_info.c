/*
 * "xl info": host and hypervisor facts in xl's "key : value" layout.
 * Each value comes from the same hypercall libxl would use; the node
 * lines (host, release, ...) describe this toolstack domain, as xl
 * describes its dom0 kernel with uname().
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hypervisor.h"
#include "toolstack.h"
#include "xl.h"

#define field(key, fmt, ...) printf("%-23s: " fmt "\n", key, __VA_ARGS__)

static void print_node_info(void)
{
	field("host", "%s", TOOLSTACK_HOSTNAME);
	field("release", "%s", TOOLSTACK_VERSION);
	field("version", "%s", TOOLSTACK_BUILD);
	field("machine", "%s", "x86_64");
}

/* Number of CPUs in no cpupool, as libxl_get_freecpus counts them. */
static int count_free_cpus(uint32_t max_cpu_id)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_cpupool_op };
	uint32_t nbytes = max_cpu_id / 8 + 1;
	uint8_t *map = calloc(1, nbytes);
	int n = 0, rc;

	if (!map)
		return -1;
	op.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
	set_xen_guest_handle(op.u.cpupool_op.cpumap.bitmap, map);
	op.u.cpupool_op.cpumap.nr_bits = nbytes * 8;
	rc = do_sysctl(&op);
	for (uint32_t i = 0; rc == 0 && i < nbytes * 8; i++)
		n += (map[i / 8] >> (i % 8)) & 1;
	free(map);
	return rc ? -1 : n;
}

static void print_phys_info(long pagesize)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo };
	struct xen_sysctl_physinfo *pi = &op.u.physinfo;
	uint64_t per_mb = pagesize > 0 ? (1 << 20) / pagesize : 256;
	int rc = do_sysctl(&op), free_cpus;
	uint32_t caps;

	if (rc) {
		fprintf(stderr, "xl info: physinfo sysctl failed (%d)\n", rc);
		return;
	}
	caps = pi->capabilities;
	field("nr_cpus", "%u", pi->nr_cpus);
	field("max_cpu_id", "%u", pi->max_cpu_id);
	field("nr_nodes", "%u", pi->nr_nodes);
	field("cores_per_socket", "%u", pi->cores_per_socket);
	field("threads_per_core", "%u", pi->threads_per_core);
	field("cpu_mhz", "%u.%03u", pi->cpu_khz / 1000, pi->cpu_khz % 1000);
	field("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x",
	      pi->hw_cap[0], pi->hw_cap[1], pi->hw_cap[2], pi->hw_cap[3],
	      pi->hw_cap[4], pi->hw_cap[5], pi->hw_cap[6], pi->hw_cap[7]);
	printf("%-23s:%s%s%s%s%s%s%s%s%s%s%s\n", "virt_caps",
	       caps & XEN_SYSCTL_PHYSCAP_pv ? " pv" : "",
	       caps & XEN_SYSCTL_PHYSCAP_hvm ? " hvm" : "",
	       (caps & XEN_SYSCTL_PHYSCAP_hvm) &&
		       (caps & XEN_SYSCTL_PHYSCAP_directio) ? " hvm_directio" : "",
	       (caps & XEN_SYSCTL_PHYSCAP_pv) &&
		       (caps & XEN_SYSCTL_PHYSCAP_directio) ? " pv_directio" : "",
	       caps & XEN_SYSCTL_PHYSCAP_hap ? " hap" : "",
	       caps & XEN_SYSCTL_PHYSCAP_shadow ? " shadow" : "",
	       caps & XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share
		       ? " iommu_hap_pt_share" : "",
	       caps & XEN_SYSCTL_PHYSCAP_vmtrace ? " vmtrace" : "",
	       caps & XEN_SYSCTL_PHYSCAP_vpmu ? " vpmu" : "",
	       caps & XEN_SYSCTL_PHYSCAP_gnttab_v1 ? " gnttab-v1" : "",
	       caps & XEN_SYSCTL_PHYSCAP_gnttab_v2 ? " gnttab-v2" : "");
	field("total_memory", "%" PRIu64, pi->total_pages / per_mb);
	field("free_memory", "%" PRIu64,
	      (pi->free_pages - pi->outstanding_pages) / per_mb);
	/* Page sharing is HVM-only; a PV-only host never shares. */
	field("sharing_freed_memory", "%u", 0);
	field("sharing_used_memory", "%u", 0);
	field("outstanding_claims", "%" PRIu64, pi->outstanding_pages / per_mb);
	free_cpus = count_free_cpus(pi->max_cpu_id);
	if (free_cpus >= 0)
		field("free_cpus", "%d", free_cpus);
}

static void print_xen_info(const struct xen_version_info *vi)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_sched_id };
	const char *sched = do_sysctl(&op) ? "unknown"
					   : scheduler_name(op.u.sched_id.sched_id);

	field("xen_major", "%u", vi->major);
	field("xen_minor", "%u", vi->minor);
	field("xen_extra", "%s", vi->extra);
	field("xen_version", "%u.%u%s", vi->major, vi->minor, vi->extra);
	field("xen_caps", "%s", vi->caps);
	field("xen_scheduler", "%s", sched);
	field("xen_pagesize", "%ld", vi->pagesize);
	field("platform_params", "virt_start=0x%lx", vi->virt_start);
	field("xen_changeset", "%s", vi->changeset);
	field("xen_commandline", "%s", vi->commandline);
	field("cc_compiler", "%s", vi->compile.compiler);
	field("cc_compile_by", "%s", vi->compile.compile_by);
	field("cc_compile_domain", "%s", vi->compile.compile_domain);
	field("cc_compile_date", "%s", vi->compile.compile_date);
	field("build_id", "%s", vi->build_id);
}

int xl_info(int argc, char **argv)
{
	struct xen_version_info *vi;
	int rc;

	if (argc > 1) {
		fprintf(stderr, "xl info: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	vi = malloc(sizeof(*vi));
	if (!vi) {
		fprintf(stderr, "xl info: out of memory\n");
		return 1;
	}
	rc = xen_version_info_get(vi);
	if (rc) {
		fprintf(stderr, "xl info: xen_version failed (%d)\n", rc);
		free(vi);
		return 1;
	}
	print_node_info();
	print_phys_info(vi->pagesize);
	print_xen_info(vi);
	field("xend_config_format", "%d", 4);
	free(vi);
	return 0;
}
