"""Multinomial logistic regression, balanced class weights, L2, full-batch L-BFGS (scipy)."""
import numpy as np, scipy.optimize as so
from load import *
def softmax(z):
    z=z-z.max(1,keepdims=True); e=np.exp(z); return e/e.sum(1,keepdims=True)
def fit(parts, y, l2, maxiter=300, K=3):
    # parts: list of matrices (dense or sparse), same rows
    n=len(y); cw=n/(K*np.bincount(y,minlength=K)); sw=cw[y]; sw=sw/sw.sum()
    dims=[p.shape[1] for p in parts]; D=sum(dims)
    Y=np.eye(K)[y]
    def unpack(w):
        W=[];o=0
        for d in dims: W.append(w[o:o+d*K].reshape(d,K)); o+=d*K
        b=w[o:o+K]; return W,b
    def f(w):
        W,b=unpack(w)
        z=b+sum(p@Wi for p,Wi in zip(parts,W))
        z=np.asarray(z)
        P=softmax(z)
        loss=-(sw*np.log(P[np.arange(n),y]+1e-12)).sum()
        G=(P-Y)*sw[:,None]
        gW=[np.asarray(p.T@G)+l2*Wi for p,Wi in zip(parts,W)]
        loss+=0.5*l2*sum((Wi*Wi).sum() for Wi in W)
        g=np.concatenate([x.ravel() for x in gW]+[G.sum(0)])
        return loss,g
    w0=np.zeros(D*K+K)
    r=so.minimize(f,w0,jac=True,method='L-BFGS-B',options={'maxiter':maxiter})
    return unpack(r.x)
def logits(parts,Wb):
    W,b=Wb; return np.asarray(b+sum(p@Wi for p,Wi in zip(parts,W)))
def std(tr,va):
    m=tr.mean(0);s=tr.std(0)+1e-6; return (tr-m)/s,(va-m)/s
