/* The floor of the per-packet benchmark: an XDP program that does nothing
 * but pass the frame. What BPF_PROG_TEST_RUN costs per run with no filter
 * at all; every other program is measured above it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int bench_floor(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
