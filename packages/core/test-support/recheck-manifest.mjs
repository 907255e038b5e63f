// The manifest both editor benchmarks re-check after each keystroke (the extension's engine and
// the language server), so that their figures compare.

/** 100 Deployments of 30 lines each: 3,000 lines, with findings in every document. */
export function recheckManifest() {
  const documents = [];
  for (let i = 0; i < 100; i++) {
    documents.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${i}
  namespace: team-${i % 7}
  labels:
    app: service-${i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: service-${i}
  template:
    metadata:
      labels:
        app: service-${i}
    spec:
      containers:
        - name: app
          image: registry.example.org/service-${i}${i % 3 === 0 ? '' : ':1.2.3'}
          ports:
            - containerPort: ${8000 + i}
          resources:
            limits:
              memory: 256Mi
              cpu: 500m
            requests:
              memory: 128Mi
              cpu: 100m
---`);
  }
  return `# 100 services\n${documents.join('\n').replace(/\n---$/, '')}\n`;
}
