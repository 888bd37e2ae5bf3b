FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build:client
ENV NODE_ENV=production HOST=0.0.0.0
EXPOSE 3000
CMD ["npx", "tsx", "server/start.ts"]
