#!/usr/bin/python3
"""PyTorch reference for compare-pytorch.sh: the same ODE-net as the Java benchmarks.

A tanh sigma-affine field f(y) = tanh(K_n y + beta_n) per layer, N explicit Runge-Kutta layers
with learned step sizes h_n and the same Butcher tableau, the paper's logistic least-squares head
J = 1/(2M) sum_m (sigmoid(W^T y_N + mu) - c_m)^2, float64 on the CPU, gradients by autograd
through the explicit RK steps with respect to K, beta, h, W and mu. Timing protocol as in
GradientTiming.java: warm up for a fixed time, then the median over repeats of the mean time of a
block of evaluations. Prints one line per configuration: RESULT <config> <threads> <ms per gradient>.
"""
import argparse
import math
import time

import torch

# name: (d, N, M, tableau) -- same list as BenchmarkProblem.ALL
CONFIGS = {
    "d2-euler": (2, 20, 2000, "euler"),
    "d2-rk4": (2, 20, 2000, "rk4"),
    "d4-rk4": (4, 15, 1000, "rk4"),
    "d64-rk4": (64, 20, 1024, "rk4"),
    "d256-rk4": (256, 10, 1024, "rk4"),
}

TABLEAUX = {
    "euler": ([[]], [1.0]),
    "heun": ([[], [1.0]], [0.5, 0.5]),
    "kutta3": ([[], [0.5], [-1.0, 2.0]], [1 / 6, 2 / 3, 1 / 6]),
    "rk4": ([[], [0.5], [0.0, 0.5], [0.0, 0.0, 1.0]], [1 / 6, 1 / 3, 1 / 3, 1 / 6]),
}


def spiral(m, generator):
    """docs/theory.md §4 spiral: two arms, labels 1 (phi = pi) and 0 (phi = 0), noise 0.05; shape (m, 2)."""
    ones = (m + 1) // 2
    parts, labels = [], []
    for count, phi, label in ((ones, math.pi, 1.0), (m - ones, 0.0, 0.0)):
        r = torch.linspace(0.1, 1.0, count, dtype=torch.float64)
        a = torch.linspace(0.1, 2 * math.pi, count, dtype=torch.float64)
        parts.append(torch.stack((r * torch.cos(a + phi), r * torch.sin(a + phi)), dim=1))
        labels.append(torch.full((count,), label, dtype=torch.float64))
    x = torch.cat(parts) + 0.05 * torch.randn(m, 2, dtype=torch.float64, generator=generator)
    return x, torch.cat(labels)


class Problem:
    def __init__(self, d, layers, m, tableau, seed=1):
        g = torch.Generator().manual_seed(seed)
        x, self.labels = spiral(m, g)
        self.y0 = torch.zeros(m, d, dtype=torch.float64)  # batch-major (M, d): y @ K^T is one GEMM
        self.y0[:, :2] = x
        # paper initialisation: K ~ N(0, 1), beta = 0, h = T/N (T = 1), W = 10, mu = 0
        self.K = torch.randn(layers, d, d, dtype=torch.float64, generator=g).requires_grad_()
        self.beta = torch.zeros(layers, d, dtype=torch.float64).requires_grad_()
        self.h = torch.full((layers,), 1.0 / layers, dtype=torch.float64).requires_grad_()
        self.W = torch.full((d,), 10.0, dtype=torch.float64).requires_grad_()
        self.mu = torch.zeros((), dtype=torch.float64).requires_grad_()
        self.a, self.b = TABLEAUX[tableau]
        self.layers = layers
        self.params = [self.K, self.beta, self.h, self.W, self.mu]

    def loss(self):
        y = self.y0
        for n in range(self.layers):
            K, beta, h = self.K[n], self.beta[n], self.h[n]
            stages = []
            for i in range(len(self.b)):
                Y = y
                for j, aij in enumerate(self.a[i]):
                    if aij != 0.0:
                        Y = Y + (h * aij) * stages[j]
                stages.append(torch.tanh(torch.addmm(beta, Y, K.t())))
            for i, bi in enumerate(self.b):
                if bi != 0.0:
                    y = y + (h * bi) * stages[i]
        c = torch.sigmoid(y @ self.W + self.mu)
        return 0.5 * torch.mean((c - self.labels) ** 2)

    def loss_and_gradient(self):
        loss = self.loss()
        grads = torch.autograd.grad(loss, self.params)
        return loss.item(), grads


def time_problem(name, threads, repeats, warmup, block_seconds):
    torch.set_num_threads(threads)
    problem = Problem(*CONFIGS[name])
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < warmup or calls < 3:
        problem.loss_and_gradient()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    block = max(1, math.ceil(block_seconds / per_call))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(block):
            problem.loss_and_gradient()
        samples.append((time.perf_counter() - t0) * 1e3 / block)
    samples.sort()
    return samples[repeats // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="*", default=list(CONFIGS), help="configuration names")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds")
    parser.add_argument("--block", type=float, default=0.25, help="seconds per timed block")
    args = parser.parse_args()
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    for name in args.configs:
        if name not in CONFIGS:
            parser.error(f"unknown configuration {name!r}; expected one of {list(CONFIGS)}")
        ms = time_problem(name, args.threads, args.repeats, args.warmup, args.block)
        print(f"RESULT {name} {args.threads} {ms:.4f}", flush=True)


if __name__ == "__main__":
    main()
