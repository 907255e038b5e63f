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
const annotated = '\n  annotations:\n    lsst.io/port-request: jupyter-lsst.jupyterhub.80-tcp';
// A cluster without a shared ingress controller: every Ingress is served by a controller of its own.
const noSharedController = {
  network: { ingressKinds: ['GafaelfawrIngress.gafaelfawr.lsst.io'], sharedIngressClasses: [] },
};
const requests = (status: PortRequestStatus): ReadonlyMap<string, PortRequestStatus> =>
  new Map([['jupyter-lsst.jupyterhub.80-tcp', status]]);

testRule(publicExposure, {
  valid: [
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
      config: { network: { ingressKinds: [], sharedIngressClasses: ['nginx'] } },
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
      name: "OpenShift's cluster-wide Ingress configuration is not an Ingress",
      text: 'apiVersion: config.openshift.io/v1\nkind: Ingress\nmetadata: { name: cluster }\nspec: { domain: apps.example.org }\n',
    },
    {
      name: 'a Gateway of another API group',
      text: 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: { name: x, namespace: y }\n',
    },
    {
      name: "an Ingress of the shared ingress controller's class: a path on its approved ports, no new port",
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: portal
  namespace: portal
spec:
  ingressClassName: nginx
  rules:
    - host: portal.example.org
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
`,
    },
    {
      name: "an Ingress that names no class gets the cluster's default class, the shared one",
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: portal
  namespace: portal
spec:
  rules:
    - host: portal.example.org
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
`,
    },
    {
      name: 'the older kubernetes.io/ingress.class annotation names the class too',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: portal
  namespace: portal
  annotations: { kubernetes.io/ingress.class: nginx }
spec:
  rules:
    - host: portal.example.org
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
`,
    },
    {
      name: 'a GafaelfawrIngress: its operator makes an Ingress of the shared class',
      text: `apiVersion: gafaelfawr.lsst.io/v1alpha1
kind: GafaelfawrIngress
metadata: { name: semaphore-admin, namespace: semaphore }
config: { scopes: { all: ["admin:notifications"] }, service: semaphore }
template:
  metadata: { name: semaphore-admin }
  spec:
    rules:
      - host: data.example.org
        http:
          paths:
            - { path: /semaphore, pathType: Prefix, backend: { service: { name: semaphore, port: { number: 80 } } } }
`,
    },
    {
      name: 'a class named in sharedIngressClasses',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: portal
  namespace: portal
spec:
  ingressClassName: internal
  rules:
    - host: portal.example.org
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
`,
      config: { network: { ingressKinds: [], sharedIngressClasses: ['nginx', 'internal'] } },
    },
  ],
  invalid: [
    {
      name: "an Ingress of a class that is not the shared controller's: its controller may open ports of its own",
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: portal
  namespace: portal
spec:
  ingressClassName: public-lb
  rules:
    - host: portal.example.org
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
`,
      findings: [
        {
          line: 2,
          column: 7,
          message:
            'Its ingress class "public-lb" is not one of the shared ingress controller\'s (network.sharedIngressClasses: "nginx"), so its controller may listen on ports of its own; an Ingress of a shared class goes through the controller\'s approved ports 80 and 443 and needs no request.',
        },
      ],
    },
    {
      name: 'no class and no default class: which controller serves it is not known, so it is reported',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: portal
  namespace: portal
spec:
  rules:
    - host: portal.example.org
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
`,
      config: { network: { ingressKinds: [], sharedIngressClasses: ['nginx'], defaultIngressClass: undefined } },
      findings: [
        { line: 2, column: 7, message: 'It names no ingress class and network.defaultIngressClass is not set' },
      ],
    },
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
    annotations: { lsst.io/port-request: semaphore.semaphore.80-tcp }
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
      config: noSharedController,
      findings: [
        { line: 13, column: 42, severity: 'info', message: 'names the port request "semaphore.semaphore.80-tcp"' },
      ],
    },
    {
      name: "the port request on a workload's pod template",
      text: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ingress-controller, namespace: ingress }
spec:
  template:
    metadata:
      annotations: { lsst.io/port-request: ingress.ingress-controller.443-tcp }
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          ports: [{ containerPort: 443, hostPort: 443 }]
`,
      findings: [{ line: 7, column: 44, severity: 'info', message: 'DaemonSet "ingress-controller" names' }],
    },
    {
      name: 'offline, a matching request: an info note at the annotation that approval was not verified, and how to',
      text: nodePort(annotated),
      findings: [
        {
          line: 7,
          column: 27,
          endColumn: 57,
          severity: 'info',
          message:
            'Service "jupyterhub" names the port request "jupyter-lsst.jupyterhub.80-tcp", which matches it; whether the sysadmins approved it is not known without the cluster. See its status with `kubectl lsst request-port status jupyter-lsst.jupyterhub.80-tcp`, or check against the cluster with `kubectl lsst check --cluster`, which accepts only an approved request.',
        },
      ],
    },
    {
      name: 'the note stays info when the rule is configured to another severity',
      text: nodePort(annotated),
      config: { rules: { 'network/public-exposure': { severity: 'warning' } } },
      findings: [{ line: 7, column: 27, severity: 'info', message: 'not known without the cluster' }],
    },
    {
      name: 'standard input is no file to annotate',
      path: '<stdin>',
      text: nodePort(),
      findings: [
        {
          line: 7,
          column: 9,
          message: /-n jupyter-lsst`, and add the annotation lsst.io\/port-request: <id> it prints/,
        },
      ],
    },
    {
      name: 'an annotation that is not a request id fails, offline too',
      text: nodePort('\n  annotations:\n    lsst.io/port-request: i-made-this-up'),
      findings: [
        {
          line: 9,
          column: 9,
          severity: 'error',
          message:
            'Service "jupyterhub" of type NodePort opens a port outside the cluster, and its lsst.io/port-request annotation names "i-made-this-up", which is not a port request id (<namespace>.<service>.<port>-<protocol>, as request-port makes them). Ports exposed to the public internet are requested through the Kubernetes sysadmins (guideline 1.2.3): run `kubectl lsst request-port jupyterhub --port 80 --type NodePort',
        },
      ],
    },
    {
      name: 'a request for another namespace, another Service, another port or another protocol fails',
      text: [
        'other-ns.jupyterhub.80-tcp',
        'jupyter-lsst.other.80-tcp',
        'jupyter-lsst.jupyterhub.443-tcp',
        'jupyter-lsst.jupyterhub.80-udp',
      ]
        .map((id) => nodePort(`\n  annotations:\n    lsst.io/port-request: ${id}`))
        .join('---\n'),
      findings: [
        {
          line: 9,
          column: 9,
          message:
            "a request for other-ns/jupyterhub port 80/TCP, in another namespace than this object's (jupyter-lsst)",
        },
        {
          line: 24,
          column: 9,
          message: 'a request for jupyter-lsst/other port 80/TCP, another Service than "jupyterhub"',
        },
        { line: 39, column: 9, message: 'jupyter-lsst/jupyterhub port 443/TCP, not a port of this Service (80/TCP)' },
        { line: 54, column: 9, message: 'jupyter-lsst/jupyterhub port 80/UDP, not a port of this Service (80/TCP)' },
      ],
    },
    {
      name: 'an approved request of another Service does not cover this one',
      text: nodePort('\n  annotations:\n    lsst.io/port-request: jupyter-lsst.other.80-tcp'),
      portRequests: new Map([['jupyter-lsst.other.80-tcp', { status: 'approved' }]]),
      findings: [{ line: 9, column: 9, severity: 'error', message: 'another Service than "jupyterhub"' }],
    },
    {
      name: 'without a namespace in the object, the namespace in the id is not compared, and the note says so',
      text: `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations: { lsst.io/port-request: portal.web.443-tcp }
spec:
  type: LoadBalancer
  ports: [{ port: 443, protocol: TCP }]
`,
      findings: [
        {
          line: 5,
          column: 40,
          severity: 'info',
          message: 'The object names no namespace, so the namespace in the id was not compared.',
        },
      ],
    },
    {
      name: 'an Ingress names a request for a Service it does not route to',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: portal
  namespace: portal
  annotations: { lsst.io/port-request: portal.billing.443-tcp }
spec:
  rules:
    - http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
          - { path: /api, pathType: Prefix, backend: { service: { name: portal-api, port: { number: 80 } } } }
`,
      config: noSharedController,
      findings: [{ line: 2, column: 7, message: 'a Service this Ingress does not route to (portal-web, portal-api)' }],
    },
    {
      name: 'an Ingress names a request for its second backend: it matches',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: portal
  namespace: portal
  annotations: { lsst.io/port-request: portal.portal-api.8080-tcp }
spec:
  rules:
    - http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: portal-web, port: { number: 80 } } } }
          - { path: /api, pathType: Prefix, backend: { service: { name: portal-api, port: { number: 80 } } } }
`,
      config: noSharedController,
      findings: [
        { line: 6, column: 40, severity: 'info', message: 'names the port request "portal.portal-api.8080-tcp"' },
      ],
    },
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
      config: noSharedController,
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
      config: { network: { ingressKinds: ['ExposedService'], sharedIngressClasses: [] } },
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
      findings: [
        {
          line: 9,
          column: 9,
          message: 'its port request "jupyter-lsst.jupyterhub.80-tcp" does not exist in the cluster',
        },
      ],
    },
    {
      name: 'checked against the cluster: a pending request',
      text: nodePort(annotated),
      portRequests: requests({ status: 'pending' }),
      findings: [
        {
          line: 9,
          column: 9,
          message: /still pending.*kubectl lsst request-port status jupyter-lsst\.jupyterhub\.80-tcp/,
        },
      ],
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
      config: noSharedController,
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
      name: 'a hostPort in a container whose findings are suppressed needs no request of its own',
      text: `apiVersion: v1
kind: Pod
metadata:
  name: probe
  namespace: monitoring
  annotations:
    lsst.io/port-request: monitoring.probe.9100-tcp
    lsst.io/ignore.sidecar: network/public-exposure -- reached only from the node
spec:
  containers:
    - { name: probe, image: "probe:1", ports: [{ containerPort: 9100, hostPort: 9100 }] }
    - { name: sidecar, image: "probe:1", ports: [{ containerPort: 53, hostPort: 53, protocol: UDP }] }
`,
      portRequests: new Map([['monitoring.probe.9100-tcp', { status: 'approved' }]]),
    },
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
    {
      name: 'a request for one port of a multi-port Service does not cover its other ports, even when approved',
      text: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: web
  annotations:
    lsst.io/port-request: web.web.80-tcp
spec:
  type: LoadBalancer
  ports:
    - { name: http, port: 80 }
    - { name: https, port: 443 }
    - { name: dns, port: 53, protocol: UDP }
`,
      portRequests: new Map([['web.web.80-tcp', { status: 'approved' }]]),
      findings: [
        {
          line: 12,
          column: 28,
          endColumn: 31,
          severity: 'error',
          message:
            'Service "web" of type LoadBalancer opens port 443/TCP outside the cluster, and its lsst.io/port-request annotation ("web.web.80-tcp") names no request for that port. Each port exposed to the public internet is requested on its own through the Kubernetes sysadmins (guideline 1.2.3): run `kubectl lsst request-port web --port 443 --type LoadBalancer --reason "..." -n web -f manifest.yaml`, which writes the request for the sysadmins and adds its id to the lsst.io/port-request annotation here.',
        },
        {
          line: 13,
          column: 26,
          message: /opens port 53\/UDP .*request-port web --port 53 --protocol UDP --type LoadBalancer/,
        },
      ],
    },
    {
      name: 'a multi-port Service without any request: the message says each port needs its own',
      text: `apiVersion: v1
kind: Service
metadata: { name: web, namespace: web }
spec:
  type: NodePort
  ports: [{ port: 80 }, { port: 53, protocol: UDP }]
`,
      findings: [
        {
          line: 5,
          column: 9,
          message: 'here. Each of its ports (80/TCP, 53/UDP) needs a request of its own: run it once per port.',
        },
      ],
    },
    {
      name: 'offline too: the manifest shows which ports no id names',
      text: `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: web
  annotations:
    lsst.io/port-request: "web.web.443-tcp"
spec:
  type: NodePort
  ports: [{ port: 80 }, { port: 443 }]
`,
      findings: [{ line: 10, column: 19, severity: 'error', message: 'opens port 80/TCP outside the cluster' }],
    },
    {
      name: 'a pod with several hostPorts: each needs a request of its own',
      path: 'cluster:prod/ingress/DaemonSet/ingress-controller',
      text: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ingress-controller, namespace: ingress }
spec:
  template:
    metadata:
      annotations: { lsst.io/port-request: ingress.ingress-controller.443-tcp }
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          ports: [{ containerPort: 443, hostPort: 443 }, { containerPort: 80, hostPort: 80 }]
`,
      portRequests: new Map([['ingress.ingress-controller.443-tcp', { status: 'approved' }]]),
      findings: [
        {
          line: 12,
          column: 79,
          message:
            'Container "controller" of DaemonSet "ingress-controller" with hostPort 80 opens port 80/TCP outside the cluster, and its lsst.io/port-request annotation ("ingress.ingress-controller.443-tcp") names no request for that port. Each port exposed to the public internet is requested on its own through the Kubernetes sysadmins (guideline 1.2.3): run `kubectl lsst request-port ingress-controller --port 80 --type NodePort --reason "..." -n ingress`, and add the id it prints to this object\'s lsst.io/port-request annotation, after the others (comma-separated).',
        },
      ],
    },
  ],
});
