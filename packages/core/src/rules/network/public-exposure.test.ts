import type { PortRequestStatus } from '../rule.ts';
import { testRule } from '../testing/rule-tester.ts';
import { publicExposure } from './public-exposure.ts';

const nodePort = (annotations = '') => `apiVersion: v1
kind: Service
metadata:
  name: jupyterhub
  namespace: jupyter-lsst${annotations}
spec:
  type: NodePort # reached from the VPN
  selector: { app: jupyterhub }
  ports:
    - port: 80
      targetPort: 8000
      nodePort: 30080
`;
const annotated = '\n  annotations:\n    lsst.io/port-request: pr-7f3a2c';
const requests = (status: PortRequestStatus): ReadonlyMap<string, PortRequestStatus> =>
  new Map([['pr-7f3a2c', status]]);

testRule(publicExposure, {
  valid: [
    {
      name: 'an ingress-like custom resource with the port request in its template',
      text: `apiVersion: gafaelfawr.lsst.io/v1alpha1
kind: GafaelfawrIngress
metadata:
  name: semaphore-admin
  namespace: semaphore
config:
  scopes:
    all: ["admin:notifications"]
  service: semaphore
template:
  metadata:
    name: semaphore-admin
    annotations: { lsst.io/port-request: pr-7 }
  spec:
    tls: [{ hosts: [data.example.org], secretName: tls }]
    rules:
      - host: data.example.org
        http:
          paths:
            - path: /semaphore/v1/admin
              pathType: Prefix
              backend:
                service: { name: semaphore, port: { number: 80 } }
`,
    },
    {
      name: 'an ingress-like kind the configuration does not name',
      text: `apiVersion: gafaelfawr.lsst.io/v1alpha1
kind: GafaelfawrIngress
metadata:
  name: semaphore-admin
  namespace: semaphore
config:
  scopes:
    all: ["admin:notifications"]
  service: semaphore
template:
  metadata:
    name: semaphore-admin
  spec:
    tls: [{ hosts: [data.example.org], secretName: tls }]
    rules:
      - host: data.example.org
        http:
          paths:
            - path: /semaphore/v1/admin
              pathType: Prefix
              backend:
                service: { name: semaphore, port: { number: 80 } }
`,
      config: { network: { ingressKinds: [] } },
    },
    {
      name: 'the same kind in another API group is not the configured one',
      text: `apiVersion: example.org/v1
kind: GafaelfawrIngress
metadata:
  name: semaphore-admin
  namespace: semaphore
config:
  scopes:
    all: ["admin:notifications"]
  service: semaphore
template:
  metadata:
    name: semaphore-admin
  spec:
    tls: [{ hosts: [data.example.org], secretName: tls }]
    rules:
      - host: data.example.org
        http:
          paths:
            - path: /semaphore/v1/admin
              pathType: Prefix
              backend:
                service: { name: semaphore, port: { number: 80 } }
`,
    },
    `apiVersion: v1
kind: Service
metadata: { name: postgres, namespace: qserv }
spec:
  selector: { app: postgres }
  ports: [{ port: 5432 }]
`,
    { name: 'a NodePort with a port request, checked as a file', text: nodePort(annotated) },
    {
      name: 'a NodePort with an approved request, checked against the cluster',
      text: nodePort(annotated),
      portRequests: requests({ status: 'approved' }),
    },
    {
      name: 'container ports without hostPort, and hostPort 0 (none)',
      text: `apiVersion: apps/v1
kind: Deployment
metadata: { name: hub, namespace: jupyter-lsst }
spec:
  template:
    spec:
      hostNetwork: false
      containers:
        - name: hub
          image: lsstsqre/hub:2.1
          ports: [{ containerPort: 8000 }, { containerPort: 8081, hostPort: 0 }]
`,
    },
    {
      name: "the port request on a workload's pod template",
      text: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ingress-controller, namespace: ingress }
spec:
  template:
    metadata:
      annotations: { lsst.io/port-request: pr-1 }
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          ports: [{ containerPort: 443, hostPort: 443 }]
`,
    },
    {
      name: "OpenShift's cluster-wide Ingress configuration is not an Ingress",
      text: 'apiVersion: config.openshift.io/v1\nkind: Ingress\nmetadata: { name: cluster }\nspec: { domain: apps.example.org }\n',
    },
    {
      name: 'a Gateway of another API group',
      text: 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: { name: x, namespace: y }\n',
    },
  ],
  invalid: [
    {
      name: 'a GafaelfawrIngress makes an Ingress: the same finding, with the request command for its host',
      text: `apiVersion: gafaelfawr.lsst.io/v1alpha1
kind: GafaelfawrIngress
metadata:
  name: semaphore-admin
  namespace: semaphore
config:
  scopes:
    all: ["admin:notifications"]
  service: semaphore
template:
  metadata:
    name: semaphore-admin
  spec:
    tls: [{ hosts: [data.example.org], secretName: tls }]
    rules:
      - host: data.example.org
        http:
          paths:
            - path: /semaphore/v1/admin
              pathType: Prefix
              backend:
                service: { name: semaphore, port: { number: 80 } }
`,
      findings: [
        {
          line: 2,
          column: 7,
          endColumn: 24,
          severity: 'error',
          message:
            'GafaelfawrIngress "semaphore-admin" (which makes an Ingress) opens a port outside the cluster, and it has no lsst.io/port-request annotation',
        },
      ],
    },
    {
      name: 'a configured ingress-like kind by name alone, its annotation on the object',
      text: `apiVersion: example.org/v1
kind: ExposedService
metadata:
  name: web
  namespace: web
spec:
  rules: [{ host: web.example.org }]
`,
      config: { network: { ingressKinds: ['ExposedService'] } },
      findings: [{ line: 2, column: 7, message: '--port 80 --type Ingress --host web.example.org' }],
    },
    {
      name: 'a NodePort Service without a request: at the type value, with the command to run',
      text: nodePort(),
      findings: [
        {
          line: 7,
          column: 9,
          endColumn: 17,
          severity: 'error',
          message:
            'Service "jupyterhub" of type NodePort opens a port outside the cluster, and it has no lsst.io/port-request annotation naming an approved port request. Ports exposed to the public internet are requested through the Kubernetes sysadmins (guideline 1.2.3): run `kubectl lsst request-port jupyterhub --port 80 --type NodePort --reason "..." -n jupyter-lsst -f manifest.yaml`, which writes the request for the sysadmins and adds the annotation lsst.io/port-request: <id> here.',
        },
      ],
    },
    {
      name: 'checked against the cluster: a request that does not exist',
      text: nodePort(annotated),
      portRequests: new Map(),
      findings: [{ line: 9, column: 9, message: 'its port request "pr-7f3a2c" does not exist in the cluster' }],
    },
    {
      name: 'checked against the cluster: a pending request',
      text: nodePort(annotated),
      portRequests: requests({ status: 'pending' }),
      findings: [{ line: 9, column: 9, message: /still pending.*kubectl lsst request-port status pr-7f3a2c/ }],
    },
    {
      name: 'checked against the cluster: a denied request',
      text: nodePort(annotated),
      portRequests: requests({ status: 'denied', reason: 'use the shared ingress.' }),
      findings: [{ line: 9, column: 9, message: 'was denied (use the shared ingress)' }],
    },
    {
      name: 'a LoadBalancer with externalIPs: two findings',
      text: `apiVersion: v1
kind: Service
metadata: { name: butler, namespace: butler }
spec:
  type: "LoadBalancer"
  externalIPs:
    - 192.0.2.10
  ports: [{ port: 443, targetPort: 8080 }]
`,
      findings: [
        { line: 5, column: 9, endColumn: 23, message: '--port 443 --type LoadBalancer' },
        { line: 6, column: 3, endColumn: 14, message: 'Service "butler" with externalIPs' },
      ],
    },
    {
      name: 'an Ingress of any apiVersion, at its kind',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: portal, namespace: portal }
spec:
  tls: [{ hosts: [portal.example.org], secretName: portal-tls }]
  rules:
    - host: portal.example.org
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: { name: legacy, namespace: portal }
spec:
  backend: { serviceName: legacy-web, servicePort: 80 }
`,
      findings: [
        {
          line: 2,
          column: 7,
          endColumn: 14,
          message:
            'request-port portal-web --port 443 --type Ingress --host portal.example.org --reason "..." -n portal',
        },
        { line: 13, column: 7, message: 'request-port legacy-web --port 80 --type Ingress --reason' },
      ],
    },
    {
      name: 'Gateway API Gateway and HTTPRoute',
      text: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: portal }
spec:
  gatewayClassName: envoy
  listeners: [{ name: https, protocol: HTTPS, port: 443, hostname: portal.example.org }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: portal, namespace: portal }
spec:
  parentRefs: [{ name: public }]
  rules: [{ backendRefs: [{ name: portal-web, port: 80 }] }]
`,
      findings: [
        { line: 2, column: 7, message: 'Gateway API Gateway "public"' },
        { line: 9, column: 7, message: 'request-port portal-web --port N --type Ingress' },
      ],
    },
    {
      name: 'an OpenShift Route',
      text: 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: { name: portal, namespace: portal }\nspec: { host: portal.apps.example.org, to: { kind: Service, name: portal-web }, tls: { termination: edge } }\n',
      findings: [
        {
          line: 2,
          column: 7,
          endColumn: 12,
          message: 'request-port portal-web --port 443 --type Ingress --host portal.apps.example.org',
        },
      ],
    },
    {
      name: 'hostPort in any container, and hostNetwork: yes',
      text: `apiVersion: v1
kind: Pod
metadata: { name: dns-probe, namespace: monitoring }
spec:
  hostNetwork: yes
  initContainers:
    - name: warmup
      image: probe:1
      ports:
        - containerPort: 53
          hostPort: 5353 # temporary
  containers:
    - name: probe
      image: probe:1
`,
      findings: [
        { line: 5, column: 3, endColumn: 19, message: 'Pod "dns-probe" with hostNetwork: true' },
        { line: 11, column: 11, endColumn: 25, message: 'Container "warmup" of Pod "dns-probe" with hostPort 5353' },
      ],
    },
    {
      name: "a CronJob's job template",
      text: `apiVersion: batch/v1
kind: CronJob
metadata: { name: sync, namespace: ops }
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          containers: [{ name: sync, image: "sync:1" }]
`,
      findings: [
        {
          line: 10,
          column: 11,
          endColumn: 28,
          message:
            'request-port sync --port N --type NodePort --reason "..." -n ops`, and add the annotation lsst.io/port-request: <id> it prints to this object.',
        },
      ],
    },
    {
      name: 'a Service in a List, flow style',
      text: `apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: Service, metadata: { name: db, namespace: qserv }, spec: { type: NodePort, ports: [{ port: 5432 }] } }
`,
      findings: [{ line: 4, column: 94, endColumn: 102, message: '--port 5432 --type NodePort' }],
    },
  ],
});

testRule(publicExposure, {
  valid: [
    {
      name: 'several approved requests, one per port',
      text: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: web
  annotations:
    lsst.io/port-request: "web.web.80-tcp, web.web.443-tcp"
spec:
  type: NodePort
  ports: [{ port: 80 }, { port: 443 }]
`,
      portRequests: new Map([
        ['web.web.80-tcp', { status: 'approved' }],
        ['web.web.443-tcp', { status: 'approved' }],
      ]),
    },
  ],
  invalid: [
    {
      name: 'one of several requests still pending; a cluster object is not a file to annotate',
      path: 'cluster:prod/web/Service/web',
      text: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: web
  annotations:
    lsst.io/port-request: "web.web.80-tcp,web.web.443-tcp"
spec:
  type: NodePort
  ports: [{ port: 80 }, { port: 443 }]
`,
      portRequests: new Map([
        ['web.web.80-tcp', { status: 'approved' }],
        ['web.web.443-tcp', { status: 'pending' }],
      ]),
      findings: [{ line: 9, column: 9, message: /"web\.web\.443-tcp" is still pending(?![\s\S]*-f cluster:)/ }],
    },
  ],
});
