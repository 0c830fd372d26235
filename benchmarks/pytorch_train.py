#!/usr/bin/python3
"""PyTorch side of compare-training.sh: the training loop of TrainingTiming.java, float64 on the CPU.

Reads a setting exported by TrainingTiming (--export DIR): training points and labels, the tableau, the
step-size policy (fixed / free / simplex) and the initial parameters. The net is the same: N explicit
Runge-Kutta layers of f(y) = tanh(K_n y + beta_n), the logistic least-squares head
J = 1/(2M) sum (sigmoid(W^T y_N + mu) - c)^2. Training: full-batch gradient descent with Armijo
backtracking (rho = 0.5, c = 0.4, tau_0 = 1), warm start tau_k = min(tau_{k-1}/rho, 1) (or the restart
rule with --restart), trial points evaluated without autograd (value only), one loss-and-gradient per
iteration at its start point; for simplex the step sizes are projected onto {h >= 0, sum h = T} after
every step. Prints RESULT <setting> <iterations> <seconds> <iterations/s> <value evals> <gradient evals>
<final loss> <CPU seconds of the process>.
"""
import argparse
import json
import time

import torch

TABLEAUX = {
    "euler": ([[]], [1.0]),
    "heun": ([[], [1.0]], [0.5, 0.5]),
    "kutta3": ([[], [0.5], [-1.0, 2.0]], [1 / 6, 2 / 3, 1 / 6]),
    "rk4": ([[], [0.5], [0.0, 0.5], [0.0, 0.0, 1.0]], [1 / 6, 1 / 3, 1 / 3, 1 / 6]),
}


def project_simplex(h, total):
    """Euclidean projection onto {h >= 0, sum h = total} (sort-based; Duchi et al. 2008)."""
    s, _ = torch.sort(h, descending=True)
    cumulative = torch.cumsum(s, 0) - total
    index = torch.arange(1, h.numel() + 1, dtype=h.dtype)
    rho = int(torch.nonzero(s - cumulative / index > 0).max())
    shift = cumulative[rho] / (rho + 1)
    return torch.clamp(h - shift, min=0.0)


class Net:
    def __init__(self, setting):
        d = setting["width"]
        m = len(setting["labels"])
        x = torch.tensor(setting["x"], dtype=torch.float64).reshape(2, m).t()
        self.y0 = torch.zeros(m, d, dtype=torch.float64)
        self.y0[:, :2] = x
        self.labels = torch.tensor(setting["labels"], dtype=torch.float64)
        self.a, self.b = TABLEAUX[setting["tableau"]]
        self.layers = setting["layers"]
        self.learned_h = setting["steps"] != "fixed"
        self.simplex = setting["steps"] == "simplex"
        self.horizon = setting["horizon"]
        K = torch.tensor([layer["K"] for layer in setting["theta"]], dtype=torch.float64).reshape(self.layers, d, d)
        beta = torch.tensor([layer["beta"] for layer in setting["theta"]], dtype=torch.float64)
        self.h = torch.tensor(setting["h"], dtype=torch.float64)
        W = torch.tensor(setting["W"], dtype=torch.float64)
        mu = torch.tensor(setting["mu"], dtype=torch.float64)
        self.params = [K, beta, W, mu] + ([self.h] if self.learned_h else [])
        for p in self.params:
            p.requires_grad_()

    def loss(self, params):
        K, beta, W, mu = params[:4]
        h = params[4] if self.learned_h else self.h
        y = self.y0
        for n in range(self.layers):
            stages = []
            for i in range(len(self.b)):
                Y = y
                for j, aij in enumerate(self.a[i]):
                    if aij != 0.0:
                        Y = Y + (h[n] * aij) * stages[j]
                stages.append(torch.tanh(torch.addmm(beta[n], Y, K[n].t())))
            for i, bi in enumerate(self.b):
                if bi != 0.0:
                    y = y + (h[n] * bi) * stages[i]
        c = torch.sigmoid(y @ W + mu)
        return 0.5 * torch.mean((c - self.labels) ** 2)


def train(net, iterations, restart, rho=0.5, c=0.4, tau0=1.0, tau_max=1.0, max_backtracks=60):
    values = gradients = 0
    previous = 0.0
    params = net.params
    for k in range(iterations):
        loss = net.loss(params)
        grads = torch.autograd.grad(loss, params)
        gradients += 1
        value = loss.item()
        gg = sum(float((g * g).sum()) for g in grads)
        tau = tau0 if restart or k == 0 or not previous > 0 else min(previous / rho, tau_max)
        previous = 0.0
        with torch.no_grad():
            for _ in range(max_backtracks + 1):
                trial = [p - tau * g for p, g in zip(params, grads)]
                values += 1
                if net.loss(trial).item() <= value - c * tau * gg:
                    for p, t in zip(params, trial):
                        p.copy_(t)
                    previous = tau
                    break
                tau *= rho
            if net.simplex:
                params[4].copy_(project_simplex(params[4], net.horizon))
    with torch.no_grad():
        final = net.loss(params).item()
    return values, gradients, final


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="+", help="JSON files written by TrainingTiming --export")
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--restart", action="store_true", help="restart every step from tau_0")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    for path in args.settings:
        with open(path) as f:
            setting = json.load(f)
        net = Net(setting)
        cpu_start = time.process_time()
        start = time.perf_counter()
        values, gradients, final = train(net, args.iterations, args.restart)
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        print(f"RESULT {setting['setting']} {args.iterations} {seconds:.3f} {args.iterations / seconds:.1f} "
              f"{values} {gradients} {final:.7g} {cpu_seconds:.3f}", flush=True)


if __name__ == "__main__":
    main()
